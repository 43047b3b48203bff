CREATE TABLE "account_daily_prompts" (
	"workspace_id" text NOT NULL,
	"account_id" text NOT NULL,
	"day" date NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"granted" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "account_daily_prompts_workspace_id_account_id_day_pk" PRIMARY KEY("workspace_id","account_id","day")
);
