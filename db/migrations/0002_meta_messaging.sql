CREATE TABLE "meta_pending_pages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"page_id" text NOT NULL,
	"page_name" text NOT NULL,
	"picture_url" text,
	"instagram_business_account_id" text,
	"instagram_username" text,
	"page_access_token" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organization_meta_settings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"facebook_page_id" text NOT NULL,
	"facebook_page_name" text NOT NULL,
	"facebook_page_picture_url" text,
	"page_access_token" text NOT NULL,
	"instagram_business_account_id" text,
	"instagram_username" text,
	"token_status" text DEFAULT 'active' NOT NULL,
	"webhook_status" text DEFAULT 'pending' NOT NULL,
	"webhook_error" text,
	"webhook_subscribed_at" timestamp with time zone,
	"connected_by" uuid,
	"connected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "meta_pending_pages" ADD CONSTRAINT "meta_pending_pages_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meta_pending_pages" ADD CONSTRAINT "meta_pending_pages_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_meta_settings" ADD CONSTRAINT "organization_meta_settings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_meta_settings" ADD CONSTRAINT "organization_meta_settings_connected_by_users_id_fk" FOREIGN KEY ("connected_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "meta_pending_pages_org_user_page_key" ON "meta_pending_pages" USING btree ("organization_id","user_id","page_id");--> statement-breakpoint
CREATE INDEX "meta_pending_pages_expires_idx" ON "meta_pending_pages" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "organization_meta_settings_org_key" ON "organization_meta_settings" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "organization_meta_settings_page_idx" ON "organization_meta_settings" USING btree ("facebook_page_id");