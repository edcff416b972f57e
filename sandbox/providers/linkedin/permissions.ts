/** Who may act as which author: the member themself (w_member_social) or a page they administer (w_organization_social). */
import type { Caller } from "./auth";
import { findOrganization, type LinkedInMember } from "./fixtures";

/** Roles that may post as the page. */
const POSTING_ROLES = new Set(["ADMINISTRATOR", "CONTENT_ADMINISTRATOR"]);

export function administers(member: LinkedInMember, orgId: number): boolean {
  return member.roles.some((r) => r.organizationId === orgId && r.state === "APPROVED" && POSTING_ROLES.has(r.role));
}

/** Whether the caller may create content (posts, images) owned by `urn`. */
export function mayActAs(c: Caller, urn: string): boolean {
  const person = /^urn:li:person:(.+)$/.exec(urn);
  if (person) return person[1] === c.member.sub && c.token.scopes.includes("w_member_social");
  const org = /^urn:li:organization:(\d+)$/.exec(urn);
  if (org) {
    return (
      !c.member.communityManagementDenied &&
      c.token.scopes.includes("w_organization_social") &&
      !!findOrganization(Number(org[1])) &&
      administers(c.member, Number(org[1]))
    );
  }
  return false;
}
