-- The pending-choice store gets its third kind, the agency selector (agency_assets): its client has no account,
-- so a choice is held by a person (user_id) or by the access link they authorized through (access_request_id), exactly one.
ALTER TABLE "pending_choices" ALTER COLUMN "user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "pending_choices" ADD COLUMN "access_request_id" uuid;--> statement-breakpoint
ALTER TABLE "client_connections" ADD COLUMN "shared_from_choice_id" uuid;--> statement-breakpoint
ALTER TABLE "pending_choices" ADD CONSTRAINT "pending_choices_access_request_id_access_requests_id_fk" FOREIGN KEY ("access_request_id") REFERENCES "public"."access_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pending_choices_access_request_idx" ON "pending_choices" USING btree ("access_request_id","organization_id","kind");--> statement-breakpoint
ALTER TABLE "pending_choices" ADD CONSTRAINT "pending_choices_one_holder" CHECK (num_nonnulls("pending_choices"."user_id", "pending_choices"."access_request_id") = 1);