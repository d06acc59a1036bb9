package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
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
	nullableString := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: description}
	}
	return schema.Schema{
		MarkdownDescription: "Lists the organization's conversations across every connected WhatsApp account, " +
			"reading **every page** of `GET /conversations`, newest-active first (by `last_message_at`, " +
			"conversations without messages last). Optional filters narrow the list on the server.",
		Attributes: map[string]schema.Attribute{
			"id": queryIDAttribute("status=open"),
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
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":     schema.StringAttribute{Computed: true, MarkdownDescription: "Conversation id (`cnv_…`)."},
						"object": schema.StringAttribute{Computed: true, MarkdownDescription: "Always `conversation`."},
						"status": schema.StringAttribute{Computed: true, MarkdownDescription: "`open`, `resolved` or `pending`."},
						"contact": schema.SingleNestedAttribute{
							Computed:            true,
							MarkdownDescription: "The customer in the conversation; `null` only if the API sends none (the contract allows any nested object to be null).",
							Attributes: map[string]schema.Attribute{
								"id":           schema.StringAttribute{Computed: true, MarkdownDescription: "Contact id (`ctc_…`)."},
								"phone_number": nullableString("Phone number in E.164 form; `null` when unknown."),
								"name":         nullableString("Display name; `null` when the contact has none."),
							},
						},
						"whatsapp_account": schema.SingleNestedAttribute{
							Computed:            true,
							MarkdownDescription: "The organization's WhatsApp number the conversation runs on; `null` only if the API sends none.",
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
	conversationsList.read(ctx, d.provider, req.Config, dataSourceState(&resp.State), &resp.Diagnostics)
}

var conversationsList = listSource[kirimchat.Conversation, conversationModel, conversationsModel, *conversationsModel]{
	noun: "conversation", attribute: "conversations", schema: schemaType(conversationsSchema()),
	element: newConversationModel, encode: encodeConversation,
}

// conversationsArguments are what the data source asks GET /conversations.
type conversationsArguments struct {
	Status           types.String `tfsdk:"status"`
	ContactID        types.String `tfsdk:"contact_id"`
	LastMessageAfter types.String `tfsdk:"last_message_after"`
	maxResultsArgument
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
		return opts, fmt.Errorf("last_message_after is %q, %w", a.LastMessageAfter.ValueString(), err)
	}
	opts.LastMessageAfter = &after
	return opts, nil
}

// conversationsModel is the data source's state.
type conversationsModel struct {
	conversationsArguments
	listResults
	Conversations []conversationModel `tfsdk:"conversations"`
}

func (m *conversationsModel) list(ctx context.Context, c *kirimchat.Client, eachPage func([]kirimchat.Conversation) error) (kirimchat.ListResult[kirimchat.Conversation], error) {
	opts, err := m.options()
	if err != nil {
		return kirimchat.ListResult[kirimchat.Conversation]{}, err
	}
	opts.EachPage = eachPage
	return c.ListConversations(ctx, opts)
}

func (m *conversationsModel) elements() *[]conversationModel { return &m.Conversations }

// conversationModel is a conversations element on the framework's path.
type conversationModel struct {
	ID              types.String              `tfsdk:"id"`
	Object          types.String              `tfsdk:"object"`
	Status          types.String              `tfsdk:"status"`
	Contact         *conversationContactModel `tfsdk:"contact"`
	WhatsAppAccount *whatsAppAccountModel     `tfsdk:"whatsapp_account"`
	Assignee        *assigneeModel            `tfsdk:"assignee"`
	UnreadCount     types.Int64               `tfsdk:"unread_count"`
	LastMessageAt   types.String              `tfsdk:"last_message_at"`
	LastInboundAt   types.String              `tfsdk:"last_inbound_at"`
	CreatedAt       types.String              `tfsdk:"created_at"`
	UpdatedAt       types.String              `tfsdk:"updated_at"`
}

type conversationContactModel struct {
	ID          types.String `tfsdk:"id"`
	PhoneNumber types.String `tfsdk:"phone_number"`
	Name        types.String `tfsdk:"name"`
}

type whatsAppAccountModel struct {
	PhoneNumber types.String `tfsdk:"phone_number"`
}

type assigneeModel struct {
	ID    types.String `tfsdk:"id"`
	Name  types.String `tfsdk:"name"`
	Email types.String `tfsdk:"email"`
}

func newConversationModel(c *kirimchat.Conversation) conversationModel {
	m := conversationModel{
		ID:              types.StringValue(c.ID),
		Object:          types.StringValue(c.Object),
		Status:          types.StringValue(c.Status),
		WhatsAppAccount: newWhatsAppAccountModel(c.WhatsAppAccount),
		UnreadCount:     types.Int64Value(c.UnreadCount),
		LastMessageAt:   types.StringPointerValue(c.LastMessageAt),
		LastInboundAt:   types.StringPointerValue(c.LastInboundAt),
		CreatedAt:       types.StringValue(c.CreatedAt),
		UpdatedAt:       types.StringValue(c.UpdatedAt),
	}
	if c.Contact != nil {
		m.Contact = &conversationContactModel{
			ID:          types.StringValue(c.Contact.ID),
			PhoneNumber: types.StringPointerValue(c.Contact.PhoneNumber),
			Name:        types.StringPointerValue(c.Contact.Name),
		}
	}
	if c.Assignee != nil {
		m.Assignee = &assigneeModel{
			ID:    types.StringValue(c.Assignee.ID),
			Name:  types.StringPointerValue(c.Assignee.Name),
			Email: types.StringPointerValue(c.Assignee.Email),
		}
	}
	return m
}

func newWhatsAppAccountModel(a *kirimchat.WhatsAppAccount) *whatsAppAccountModel {
	if a == nil {
		return nil
	}
	return &whatsAppAccountModel{PhoneNumber: types.StringPointerValue(a.PhoneNumber)}
}

// encodeConversation writes a conversations element in wire form: the same
// attributes as conversationModel.
func encodeConversation(w *wire, c *kirimchat.Conversation) {
	o := w.beginObject()
	w.str("id", c.ID)
	w.str("object", c.Object)
	w.str("status", c.Status)
	if contact, ok := w.optionalObject("contact", c.Contact != nil); ok {
		w.str("id", c.Contact.ID)
		w.nullableStr("phone_number", c.Contact.PhoneNumber)
		w.nullableStr("name", c.Contact.Name)
		w.endObject(contact)
	}
	encodeWhatsAppAccount(w, c.WhatsAppAccount)
	if assignee, ok := w.optionalObject("assignee", c.Assignee != nil); ok {
		w.str("id", c.Assignee.ID)
		w.nullableStr("name", c.Assignee.Name)
		w.nullableStr("email", c.Assignee.Email)
		w.endObject(assignee)
	}
	w.int("unread_count", c.UnreadCount)
	w.nullableStr("last_message_at", c.LastMessageAt)
	w.nullableStr("last_inbound_at", c.LastInboundAt)
	w.str("created_at", c.CreatedAt)
	w.str("updated_at", c.UpdatedAt)
	w.endObject(o)
}

func encodeWhatsAppAccount(w *wire, a *kirimchat.WhatsAppAccount) {
	if account, ok := w.optionalObject("whatsapp_account", a != nil); ok {
		w.nullableStr("phone_number", a.PhoneNumber)
		w.endObject(account)
	}
}
