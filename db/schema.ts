// Every table, one file per domain under db/schema/.
export * from "./schema/users";
export * from "./schema/organizations";
export * from "./schema/rate-limits";
export * from "./schema/oauth";
export * from "./schema/connections";
export * from "./schema/meta";
export * from "./schema/publishing";
export * from "./schema/inbox";
export * from "./schema/connectors";
export * from "./schema/notifications";
export * from "./schema/agency";
