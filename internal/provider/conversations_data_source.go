package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
)

var _ datasource.DataSourceWithConfigure = (*conversationsDataSource)(nil)

// NewConversationsDataSource is the kirimchat_conversations data source.
func NewConversationsDataSource() datasource.DataSource {
	return &conversationsDataSource{}
}

type conversationsDataSource struct {
	provider *providerData
}

func (d *conversationsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_conversations"
}

func (d *conversationsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = conversationsSchema()
}

func conversationsSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Lists the organization's conversations across every connected WhatsApp account, " +
			"reading **every page** of `GET /conversations`, newest-active first (by `last_message_at`, " +
			"conversations without messages last). Optional filters narrow the list on the server.",
		Attributes: map[string]schema.Attribute{
			"id": queryIDAttribute("status=open"),
			"status": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only conversations with this status: `open`, `resolved` or `pending`, in lowercase, " +
					"exactly as the API writes it. Checked at plan time: another value is an error that lists these, " +
					"and names the one meant when only the case or surrounding spaces differ (`\"Open\"`).",
				Validators: []validator.String{conversationStatusValidator()},
			},
			"contact_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only conversations with this contact: a contact id, `ctc_` followed by 26 characters.",
				Validators:          []validator.String{contactIDValidator()},
			},
			"last_message_after": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{timestampValidator{}},
				MarkdownDescription: "Only conversations whose `last_message_at` is later than this time (RFC 3339, such " +
					"as `2026-11-27T08:00:00Z`; checked at plan time, exactly as RFC 3339 §5.6 writes it: `t` and `z` in " +
					"either case, any fraction, a leap second), for example `timeadd(plantimestamp(), \"-24h\")`. " +
					"The API lists newest-active first, so the read stops at the first conversation that is not later: " +
					"the requests grow with the window, not with the organization's history. Conversations without " +
					"messages are never in the window.",
			},
			"max_results": maxResultsAttribute("conversations (the newest-active ones)"),
			"truncated":   truncatedAttribute("conversations"),
			"ids":         idsAttribute("conversations"),
			"conversations": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The conversations, in the API's order: newest-active first. " +
					"Each carries every documented field under the API's own name.",
				NestedObject: schema.NestedAttributeObject{Attributes: conversationRecord.attributes()},
			},
		},
	}
}

func (d *conversationsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.provider = configureDataSource(req, resp)
}

func (d *conversationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	conversationsList.read(ctx, d.provider, req.Config, dataSourceState(&resp.State), &resp.Diagnostics)
}

var conversationsList = listSource[kirimchat.Conversation, conversationsArguments]{
	noun: "conversation", attribute: "conversations", schema: schemaType(conversationsSchema()), record: conversationRecord,
}

// conversationRecord is a conversations element: every documented field of
// a conversation, under the API's own name.
var conversationRecord = record[kirimchat.Conversation]{
	text("id", "Conversation id (`cnv_…`).", func(c *kirimchat.Conversation) string { return c.ID }),
	text("object", "Always `conversation`.", func(c *kirimchat.Conversation) string { return c.Object }),
	text("status", "`open`, `resolved` or `pending`.", func(c *kirimchat.Conversation) string { return c.Status }),
	object("contact", "The customer in the conversation; `null` only if the API sends none (the contract allows any nested object to be null).",
		true, conversationContactRecord, func(c *kirimchat.Conversation) *kirimchat.ConversationContact { return c.Contact }),
	object("whatsapp_account", "The organization's WhatsApp number the conversation runs on; `null` only if the API sends none.",
		true, whatsAppAccountRecord, func(c *kirimchat.Conversation) *kirimchat.WhatsAppAccount { return c.WhatsAppAccount }),
	object("assignee", "The agent the conversation is assigned to; `null` when unassigned.",
		true, assigneeRecord, func(c *kirimchat.Conversation) *kirimchat.Assignee { return c.Assignee }),
	integer("unread_count", "Messages not yet read by an agent.", func(c *kirimchat.Conversation) int64 { return c.UnreadCount }),
	nullableText("last_message_at", "Time of the latest message (RFC 3339, exactly as the API sent it); `null` when the conversation has none.",
		func(c *kirimchat.Conversation) *string { return c.LastMessageAt }),
	nullableText("last_inbound_at", "Time of the customer's latest message (RFC 3339), which opens WhatsApp's 24-hour "+
		"customer-service window; `null` when the customer has not written.", func(c *kirimchat.Conversation) *string { return c.LastInboundAt }),
	text("created_at", "Creation time (RFC 3339).", func(c *kirimchat.Conversation) string { return c.CreatedAt }),
	text("updated_at", "Last update time (RFC 3339).", func(c *kirimchat.Conversation) string { return c.UpdatedAt }),
}

var conversationContactRecord = record[kirimchat.ConversationContact]{
	text("id", "Contact id (`ctc_…`).", func(c *kirimchat.ConversationContact) string { return c.ID }),
	nullableText("phone_number", "Phone number in E.164 form; `null` when unknown.", func(c *kirimchat.ConversationContact) *string { return c.PhoneNumber }),
	nullableText("name", "Display name; `null` when the contact has none.", func(c *kirimchat.ConversationContact) *string { return c.Name }),
}

var whatsAppAccountRecord = record[kirimchat.WhatsAppAccount]{
	nullableText("phone_number", "The WhatsApp number in E.164 form; `null` when not yet known.", func(a *kirimchat.WhatsAppAccount) *string { return a.PhoneNumber }),
}

var assigneeRecord = record[kirimchat.Assignee]{
	text("id", "User id (`usr_…`).", func(a *kirimchat.Assignee) string { return a.ID }),
	nullableText("name", "The agent's name; `null` when not set.", func(a *kirimchat.Assignee) *string { return a.Name }),
	nullableText("email", "The agent's email; `null` when not set.", func(a *kirimchat.Assignee) *string { return a.Email }),
}

// conversationsArguments are what the data source asks GET /conversations.
type conversationsArguments struct {
	Status           types.String `tfsdk:"status"`
	ContactID        types.String `tfsdk:"contact_id"`
	LastMessageAfter types.String `tfsdk:"last_message_after"`
	MaxResultsArgument
}

// options are the client's options for these arguments.
func (a conversationsArguments) options() (kirimchat.ListConversationsOptions, error) {
	opts := kirimchat.ListConversationsOptions{Status: a.Status.ValueString(), ContactID: a.ContactID.ValueString(), MaxResults: a.limit()}
	if a.LastMessageAfter.IsNull() {
		return opts, nil
	}
	// Checked at plan time already; a value known only at apply is checked here.
	after, err := kirimchat.ParseTimestamp(a.LastMessageAfter.ValueString())
	if err != nil {
		return opts, fmt.Errorf("last_message_after is %q, %s", a.LastMessageAfter.ValueString(), timestampProblem(a.LastMessageAfter.ValueString()))
	}
	opts.LastMessageAfter = &after
	return opts, nil
}

func (a conversationsArguments) list(ctx context.Context, c *kirimchat.Client, eachPage func([]kirimchat.Conversation) error) (kirimchat.ListResult[kirimchat.Conversation], error) {
	opts, err := a.options()
	if err != nil {
		return kirimchat.ListResult[kirimchat.Conversation]{}, err
	}
	opts.EachPage = eachPage
	return c.ListConversations(ctx, opts)
}
