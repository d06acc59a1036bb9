package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

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
	nullableString := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: description}
	}
	return schema.Schema{
		MarkdownDescription: "Lists the organisation's conversations across every connected WhatsApp account, " +
			"reading **every page** of `GET /conversations`, newest-active first (by `last_message_at`, " +
			"conversations without messages last). Optional filters narrow the list on the server.",
		Attributes: map[string]schema.Attribute{
			"id": queryIDAttribute(),
			"status": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only conversations with this status: `open`, `resolved` or `pending`. " +
					"Checked at plan time.",
				Validators: []validator.String{stringvalidator.OneOf(kirimchat.ConversationStatuses...)},
			},
			"contact_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only conversations with this contact: a contact id, `ctc_` followed by 26 characters.",
				Validators: []validator.String{stringvalidator.RegexMatches(kirimchat.ContactIDPattern,
					"must be a contact id: ctc_ followed by 26 Crockford base32 characters")},
			},
			"max_results": maxResultsAttribute("conversations (the newest-active ones)"),
			"truncated":   truncatedAttribute("conversations"),
			"ids":         idsAttribute("conversations"),
			"conversations": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The conversations, in the API's order: newest-active first. " +
					"Each carries every documented field under the API's own name.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":     schema.StringAttribute{Computed: true, MarkdownDescription: "Conversation id (`cnv_…`)."},
						"object": schema.StringAttribute{Computed: true, MarkdownDescription: "Always `conversation`."},
						"status": schema.StringAttribute{Computed: true, MarkdownDescription: "`open`, `resolved` or `pending`."},
						"contact": schema.SingleNestedAttribute{
							Computed:            true,
							MarkdownDescription: "The customer in the conversation.",
							Attributes: map[string]schema.Attribute{
								"id":           schema.StringAttribute{Computed: true, MarkdownDescription: "Contact id (`ctc_…`)."},
								"phone_number": nullableString("Phone number in E.164 form; `null` when unknown."),
								"name":         nullableString("Display name; `null` when the contact has none."),
							},
						},
						"whatsapp_account": schema.SingleNestedAttribute{
							Computed:            true,
							MarkdownDescription: "The organisation's WhatsApp number the conversation runs on.",
							Attributes: map[string]schema.Attribute{
								"phone_number": nullableString("The WhatsApp number in E.164 form; `null` when not yet known."),
							},
						},
						"assignee": schema.SingleNestedAttribute{
							Computed:            true,
							MarkdownDescription: "The agent the conversation is assigned to; `null` when unassigned.",
							Attributes: map[string]schema.Attribute{
								"id":    schema.StringAttribute{Computed: true, MarkdownDescription: "User id (`usr_…`)."},
								"name":  nullableString("The agent's name; `null` when not set."),
								"email": nullableString("The agent's email; `null` when not set."),
							},
						},
						"unread_count": schema.Int64Attribute{Computed: true, MarkdownDescription: "Messages not yet read by an agent."},
						"last_message_at": nullableString("Time of the latest message (RFC 3339, exactly as the API sent it); " +
							"`null` when the conversation has none."),
						"last_inbound_at": nullableString("Time of the customer's latest message (RFC 3339), which opens " +
							"WhatsApp's 24-hour customer-service window; `null` when the customer has not written."),
						"created_at": schema.StringAttribute{Computed: true, MarkdownDescription: "Creation time (RFC 3339)."},
						"updated_at": schema.StringAttribute{Computed: true, MarkdownDescription: "Last update time (RFC 3339)."},
					},
				},
			},
		},
	}
}

func (d *conversationsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.provider = configureDataSource(req, resp)
}

func (d *conversationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	readFromWire(ctx, d, req, resp)
}

func (d *conversationsDataSource) readWire(ctx context.Context, config tfsdk.Config) ([]byte, diag.Diagnostics) {
	return conversationsList.readWire(ctx, d.provider, config,
		func(ctx context.Context, c *kirimchat.Client, q listQuery, eachPage func([]kirimchat.Conversation) error) (kirimchat.ListResult[kirimchat.Conversation], error) {
			return c.ListConversations(ctx, kirimchat.ListConversationsOptions{
				Status: q.filters["status"], ContactID: q.filters["contact_id"], MaxResults: q.maxResults, EachPage: eachPage,
			})
		})
}

var conversationsList = listRead[kirimchat.Conversation]{
	noun: "conversation", attribute: "conversations", filters: []string{"status", "contact_id"}, schema: schemaType(conversationsSchema()),
	id: func(c *kirimchat.Conversation) string { return c.ID }, encode: encodeConversation,
}

// encodeConversation writes a conversations element: every attribute of the
// schema's nested object, by name.
func encodeConversation(w *wire, c *kirimchat.Conversation) {
	w.object(true, 11)
	w.str("id", c.ID)
	w.str("object", c.Object)
	w.str("status", c.Status)
	w.key("contact")
	if w.object(c.Contact != nil, 3) {
		w.str("id", c.Contact.ID)
		w.nullableStr("phone_number", c.Contact.PhoneNumber)
		w.nullableStr("name", c.Contact.Name)
	}
	w.key("whatsapp_account")
	encodeWhatsAppAccount(w, c.WhatsAppAccount)
	w.key("assignee")
	if w.object(c.Assignee != nil, 3) {
		w.str("id", c.Assignee.ID)
		w.nullableStr("name", c.Assignee.Name)
		w.nullableStr("email", c.Assignee.Email)
	}
	w.int("unread_count", c.UnreadCount)
	w.nullableStr("last_message_at", c.LastMessageAt)
	w.nullableStr("last_inbound_at", c.LastInboundAt)
	w.str("created_at", c.CreatedAt)
	w.str("updated_at", c.UpdatedAt)
}

func encodeWhatsAppAccount(w *wire, a *kirimchat.WhatsAppAccount) {
	if w.object(a != nil, 1) {
		w.nullableStr("phone_number", a.PhoneNumber)
	}
}
