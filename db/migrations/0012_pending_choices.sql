-- One pending-choice store (lib/pending-choices.ts) replaces oauth_pending_selections and meta_pending_pages.
-- Pending choices live 5-10 minutes, so rows waiting in the old tables are dropped, not moved:
-- someone in the middle of a pick when this runs sees "expired" and authorizes again.
CREATE TABLE "pending_choices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"user_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"choices" jsonb NOT NULL,
	"payload" text NOT NULL,
	"return_to" text,
	"provider_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP TABLE "oauth_pending_selections" CASCADE;--> statement-breakpoint
DROP TABLE "meta_pending_pages" CASCADE;--> statement-breakpoint
ALTER TABLE "pending_choices" ADD CONSTRAINT "pending_choices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_choices" ADD CONSTRAINT "pending_choices_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pending_choices_owner_idx" ON "pending_choices" USING btree ("user_id","organization_id","kind");--> statement-breakpoint
CREATE INDEX "pending_choices_expires_idx" ON "pending_choices" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "pending_choices_provider_user_idx" ON "pending_choices" USING btree ("provider_user_id");