/** Who the member is: OpenID `GET /v2/userinfo` (personal app) and `GET /v2/me` with r_basicprofile (company app). */
import { json } from "../../core/http";
import { pictureUrl } from "../cdn";
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { v2Caller } from "./auth";
import { memberName, photoImageId } from "./fixtures";
import { accessDenied } from "./respond";

const API = "api.linkedin.com";

const memberPicture = (imageId: string, name: string) => pictureUrl("linkedin", imageId, name);

function userinfo(req: SandboxRequest, ctx: SandboxContext): Response {
  const c = v2Caller(req, ctx);
  if (c instanceof Response) return c;
  if (!c.token.scopes.includes("openid")) return accessDenied("userinfo.GET.NO_VERSION");
  const m = c.member;
  const scopes = c.token.scopes;
  return json({
    sub: m.sub,
    ...(scopes.includes("email") ? { email_verified: true } : {}),
    ...(scopes.includes("profile")
      ? {
          name: memberName(m),
          // Observed responses carry locale as an object; the docs' example shows "en-US". Clients should accept both.
          locale: m.locale,
          given_name: m.givenName,
          family_name: m.familyName,
          picture: memberPicture(photoImageId(m), memberName(m)),
        }
      : {}),
    ...(scopes.includes("email") ? { email: m.email } : {}),
  });
}

function me(req: SandboxRequest, ctx: SandboxContext): Response {
  const c = v2Caller(req, ctx);
  if (c instanceof Response) return c;
  if (!c.token.scopes.includes("r_basicprofile")) return accessDenied("me.GET.NO_VERSION");
  const m = c.member;
  const asset = `urn:li:digitalmediaAsset:${photoImageId(m)}`;
  const body: Record<string, unknown> = {
    id: m.sub,
    localizedFirstName: m.givenName,
    localizedLastName: m.familyName,
    localizedHeadline: m.headline,
    vanityName: m.vanityName,
    firstName: { localized: { [`${m.locale.language}_${m.locale.country}`]: m.givenName }, preferredLocale: m.locale },
    lastName: { localized: { [`${m.locale.language}_${m.locale.country}`]: m.familyName }, preferredLocale: m.locale },
    profilePicture: { displayImage: asset },
  };
  // Decoration `profilePicture(displayImage~:playableStreams)` resolves the photo URL inline.
  if ((req.query.get("projection") ?? "").includes("displayImage~")) {
    body.profilePicture = {
      displayImage: asset,
      "displayImage~": { elements: [{ identifiers: [{ identifier: memberPicture(photoImageId(m), memberName(m)), identifierType: "EXTERNAL_URL" }] }] },
    };
  }
  return json(body);
}

export const identityRoutes: Route[] = [
  { method: "GET", host: API, path: "/v2/userinfo", label: `${API} GET /v2/userinfo`, handler: userinfo },
  { method: "GET", host: API, path: "/v2/me", label: `${API} GET /v2/me`, handler: me },
];
