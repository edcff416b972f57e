ALTER TABLE "organization_meta_settings" ADD COLUMN "webhook_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organization_meta_settings" ADD COLUMN "webhook_check_error" text;--> statement-breakpoint
ALTER TABLE "organization_meta_settings" ADD COLUMN "webhook_resubscribed_at" timestamp with time zone;