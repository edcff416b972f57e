CREATE TABLE "provider_throttles" (
	"scope" text PRIMARY KEY NOT NULL,
	"until" timestamp with time zone NOT NULL,
	"usage_percent" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
