package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

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

type conversationsModel struct {
	ID            types.String `tfsdk:"id"`
	Status        types.String `tfsdk:"status"`
	ContactID     types.String `tfsdk:"contact_id"`
	MaxResults    types.Int64  `tfsdk:"max_results"`
	Truncated     types.Bool   `tfsdk:"truncated"`
	IDs           types.List   `tfsdk:"ids"`
	Conversations types.List   `tfsdk:"conversations"`
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

// The element types, taken from the schema so that the two cannot drift.
//
//nolint:forcetypeassert // the schema above defines these types; every test fails otherwise
var (
	conversationType    = nestedListType(conversationsSchema(), "conversations")
	contactRefType      = conversationType.AttrTypes["contact"].(types.ObjectType)
	whatsAppAccountType = conversationType.AttrTypes["whatsapp_account"].(types.ObjectType)
	assigneeType        = conversationType.AttrTypes["assignee"].(types.ObjectType)
)

func (d *conversationsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.provider = configureDataSource(req, resp)
}

func (d *conversationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m conversationsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, client := d.provider.clientFor(ctx, &resp.Diagnostics)
	if client == nil {
		return
	}

	opts := kirimchat.ListConversationsOptions{
		Status:     m.Status.ValueString(),
		ContactID:  m.ContactID.ValueString(),
		MaxResults: int(m.MaxResults.ValueInt64()),
	}
	result, err := client.ListConversations(ctx, opts)
	if err != nil {
		addReadError(&resp.Diagnostics, "Unable to list Kirim.chat conversations", err)
		return
	}
	tflog.Debug(ctx, "Listed Kirim.chat conversations", map[string]any{
		"count": len(result.Items), "pages": result.Pages, "duplicates_dropped": result.DuplicatesDropped, "truncated": result.Truncated,
	})
	warnIfTruncated(&resp.Diagnostics, result.Truncated, "conversation", m.MaxResults.ValueInt64(), len(result.Items))

	m.ID = types.StringValue(queryID("status", opts.Status, "contact_id", opts.ContactID, "max_results", maxResultsArg(m.MaxResults)))
	m.Truncated = types.BoolValue(result.Truncated)
	// The values are built directly, without reflection: a list of many
	// thousand conversations is the provider's hot path.
	m.IDs, m.Conversations = listOf(result.Items, conversationType,
		func(c *kirimchat.Conversation) string { return c.ID }, conversationValue, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func conversationValue(c *kirimchat.Conversation, diags *diag.Diagnostics) attr.Value {
	contact := types.ObjectNull(contactRefType.AttrTypes)
	if c.Contact != nil {
		contact = object(contactRefType, map[string]attr.Value{
			"id":           types.StringValue(c.Contact.ID),
			"phone_number": types.StringPointerValue(c.Contact.PhoneNumber),
			"name":         types.StringPointerValue(c.Contact.Name),
		}, diags)
	}
	assignee := types.ObjectNull(assigneeType.AttrTypes)
	if c.Assignee != nil {
		assignee = object(assigneeType, map[string]attr.Value{
			"id":    types.StringValue(c.Assignee.ID),
			"name":  types.StringPointerValue(c.Assignee.Name),
			"email": types.StringPointerValue(c.Assignee.Email),
		}, diags)
	}
	return object(conversationType, map[string]attr.Value{
		"id":               types.StringValue(c.ID),
		"object":           types.StringValue(c.Object),
		"status":           types.StringValue(c.Status),
		"contact":          contact,
		"whatsapp_account": whatsAppAccountValue(c.WhatsAppAccount, diags),
		"assignee":         assignee,
		"unread_count":     types.Int64Value(c.UnreadCount),
		"last_message_at":  types.StringPointerValue(c.LastMessageAt),
		"last_inbound_at":  types.StringPointerValue(c.LastInboundAt),
		"created_at":       types.StringValue(c.CreatedAt),
		"updated_at":       types.StringValue(c.UpdatedAt),
	}, diags)
}

func whatsAppAccountValue(a *kirimchat.WhatsAppAccount, diags *diag.Diagnostics) types.Object {
	if a == nil {
		return types.ObjectNull(whatsAppAccountType.AttrTypes)
	}
	return object(whatsAppAccountType, map[string]attr.Value{"phone_number": types.StringPointerValue(a.PhoneNumber)}, diags)
}
