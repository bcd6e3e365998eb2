CREATE TABLE "card_content_updates" (
	"board_id" text NOT NULL,
	"card_id" text NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "card_content_updates_card_id_seq_pk" PRIMARY KEY("card_id","seq")
);
--> statement-breakpoint
ALTER TABLE "card_content_updates" ADD CONSTRAINT "card_content_updates_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "card_content_updates_board_idx" ON "card_content_updates" USING btree ("board_id");