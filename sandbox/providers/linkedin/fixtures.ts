/**
 * LinkedIn scenarios as data: members, the company pages (organizations) they hold roles on,
 * and what each sandbox app was approved for. The personal app has "Sign In with LinkedIn
 * using OpenID Connect" + "Share on LinkedIn"; the company app has the Community Management
 * API (which LinkedIn requires to be the app's only product, so it has no OpenID scopes) and
 * is an approved Marketing partner, so it alone receives refresh tokens.
 */
import { LINKEDIN_COMPANY_APP, LINKEDIN_PERSONAL_APP } from "../../core/apps";

export interface AppPolicy {
  /** Scopes the app's products allow it to request. */
  scopes: string[];
  /** Approved partners get refresh tokens (365 days from first authorization, not rolling). */
  refreshTokens: boolean;
  communityManagement: boolean;
}

export const APP_POLICIES: Record<string, AppPolicy> = {
  [LINKEDIN_PERSONAL_APP.clientId]: { scopes: ["openid", "profile", "email", "w_member_social"], refreshTokens: false, communityManagement: false },
  [LINKEDIN_COMPANY_APP.clientId]: {
    scopes: ["r_basicprofile", "w_member_social", "r_organization_admin", "rw_organization_admin", "w_organization_social", "r_organization_social"],
    refreshTokens: true,
    communityManagement: true,
  },
};

export type OrgRole = "ADMINISTRATOR" | "CONTENT_ADMINISTRATOR" | "ANALYST" | "DIRECT_SPONSORED_CONTENT_POSTER";

export interface LinkedInMember {
  /** OpenID `sub`; the member URN is `urn:li:person:{sub}`. */
  sub: string;
  givenName: string;
  familyName: string;
  email: string;
  headline: string;
  vanityName: string;
  locale: { country: string; language: string };
  roles: Array<{ organizationId: number; role: OrgRole; state: "APPROVED" | "REQUESTED" }>;
  /** Organization access answers 403 ACCESS_DENIED, as when the company app lacks Community Management approval. */
  communityManagementDenied?: boolean;
  scenario: string;
}

export interface LinkedInOrganization {
  id: number;
  name: string;
  vanityName: string;
  website: string;
  /** Id shared by `urn:li:image:` and `urn:li:digitalmediaAsset:` for the logo. */
  logoImageId: string;
}

export const ORGANIZATIONS: LinkedInOrganization[] = [
  { id: 10482931, name: "Northwind Coffee Roasters", vanityName: "northwind-coffee", website: "https://northwind.example", logoImageId: "D4E0BAQFnorthwindLogo1" },
  { id: 88120456, name: "Harbor Analytics", vanityName: "harbor-analytics", website: "https://harbor.example", logoImageId: "D4E0BAQFharborLogo0002" },
  { id: 55501234, name: "Lakeside Events", vanityName: "lakeside-events", website: "https://lakeside.example", logoImageId: "D4E0BAQFlakesideLogo03" },
  { id: 77003311, name: "Lindqvist Studio", vanityName: "lindqvist-studio", website: "https://lindqvist.example", logoImageId: "D4E0BAQFlindqvistLogo4" },
];

export const MEMBERS: LinkedInMember[] = [
  {
    sub: "yR7cT2mQ9v",
    givenName: "Priya",
    familyName: "Raman",
    email: "priya.raman@example.com",
    headline: "Independent product consultant",
    vanityName: "priya-raman",
    locale: { country: "US", language: "en" },
    roles: [],
    scenario: "Personal profile only: no company pages",
  },
  {
    sub: "k3Jd8ZpW1a",
    givenName: "Daniel",
    familyName: "Okonkwo",
    email: "daniel@northwind.example",
    headline: "Head of Marketing at Northwind Coffee Roasters",
    vanityName: "daniel-okonkwo",
    locale: { country: "GB", language: "en" },
    roles: [
      { organizationId: 10482931, role: "ADMINISTRATOR", state: "APPROVED" },
      { organizationId: 88120456, role: "ADMINISTRATOR", state: "APPROVED" },
      { organizationId: 55501234, role: "ANALYST", state: "APPROVED" },
      { organizationId: 77003311, role: "ADMINISTRATOR", state: "REQUESTED" },
    ],
    scenario: "Administers 2 company pages (Northwind Coffee Roasters, Harbor Analytics); analyst on a third and a pending request on a fourth, both filtered out",
  },
  {
    sub: "Qm5vL0sX7e",
    givenName: "Sofia",
    familyName: "Lindqvist",
    email: "sofia@lindqvist.example",
    headline: "Founder, Lindqvist Studio",
    vanityName: "sofia-lindqvist",
    locale: { country: "SE", language: "sv" },
    roles: [{ organizationId: 77003311, role: "ADMINISTRATOR", state: "APPROVED" }],
    communityManagementDenied: true,
    scenario: "Company app lacks Community Management approval: listing or posting as her page answers 403 ACCESS_DENIED",
  },
];

export const findMember = (sub: string) => MEMBERS.find((m) => m.sub === sub);
export const findOrganization = (id: number) => ORGANIZATIONS.find((o) => o.id === id);
export const memberName = (m: LinkedInMember) => `${m.givenName} ${m.familyName}`;
/** Id of the member's profile photo in the image store. */
export const photoImageId = (m: LinkedInMember) => `C4E03AQH${m.sub}photo`;
