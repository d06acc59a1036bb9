package provider

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
)

var _ datasource.DataSourceWithConfigure = (*contactsDataSource)(nil)

// NewContactsDataSource is the kirimchat_contacts data source.
func NewContactsDataSource() datasource.DataSource {
	return &contactsDataSource{}
}

type contactsDataSource struct {
	provider *providerData
}

type contactsModel struct {
	ID         types.String `tfsdk:"id"`
	Phone      types.String `tfsdk:"phone"`
	Search     types.String `tfsdk:"search"`
	MaxResults types.Int64  `tfsdk:"max_results"`
	Truncated  types.Bool   `tfsdk:"truncated"`
	IDs        types.List   `tfsdk:"ids"`
	Contacts   types.List   `tfsdk:"contacts"`
}

const metadataDescription = "Free-form metadata the organisation stores on the contact, as a normalized JSON " +
	"string (`null` when the contact has none). Its value types are not fixed by the API, so it is exposed as JSON " +
	"rather than a typed object: read any key with `jsondecode(…)`, for example " +
	"`try(jsondecode(c.metadata).tier, null)`."

// contactAttributes are a contact's fields, shared by the list and the lookup.
func contactAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":           schema.StringAttribute{Computed: true, MarkdownDescription: "Contact id (`ctc_…`)."},
		"object":       schema.StringAttribute{Computed: true, MarkdownDescription: "Always `contact`."},
		"phone_number": schema.StringAttribute{Computed: true, MarkdownDescription: "Phone number in E.164 form; `null` when unknown."},
		"name":         schema.StringAttribute{Computed: true, MarkdownDescription: "Display name; `null` when none."},
		"email":        schema.StringAttribute{Computed: true, MarkdownDescription: "Email address; `null` when none."},
		"metadata":     schema.StringAttribute{Computed: true, CustomType: jsontypes.NormalizedType{}, MarkdownDescription: metadataDescription},
		"whatsapp_account": schema.SingleNestedAttribute{
			Computed:            true,
			MarkdownDescription: "The organisation's WhatsApp number the contact writes to.",
			Attributes: map[string]schema.Attribute{
				"phone_number": schema.StringAttribute{Computed: true, MarkdownDescription: "The WhatsApp number in E.164 form; `null` when not yet known."},
			},
		},
		"created_at": schema.StringAttribute{Computed: true, MarkdownDescription: "Creation time (RFC 3339, exactly as the API sent it)."},
		"updated_at": schema.StringAttribute{Computed: true, MarkdownDescription: "Last update time (RFC 3339)."},
	}
}

func (d *contactsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_contacts"
}

func (d *contactsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = contactsSchema()
}

func phoneValidator() validator.String {
	return stringvalidator.RegexMatches(kirimchat.PhonePattern, "must be a phone number in E.164 form, such as +6281234567890")
}

func contactsSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Lists the organisation's contacts, reading **every page** of `GET /contacts` in the " +
			"API's order. Use it to find the contact ids that `kirimchat_conversations` filters on.",
		Attributes: map[string]schema.Attribute{
			"id": queryIDAttribute(),
			"phone": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only the contacts with exactly this phone number, in E.164 form (`+` and 7–15 digits). Checked at plan time.",
				Validators:          []validator.String{phoneValidator()},
			},
			"search": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only the contacts whose name or email contains this text (1–200 characters, case-insensitive).",
				Validators: []validator.String{stringvalidator.UTF8LengthBetween(
					kirimchat.MinSearchLength, kirimchat.MaxSearchLength)},
			},
			"max_results": maxResultsAttribute("contacts"),
			"truncated":   truncatedAttribute("contacts"),
			"ids":         idsAttribute("contacts"),
			"contacts": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The contacts, in the API's order, each with every documented field under the API's own name.",
				NestedObject:        schema.NestedAttributeObject{Attributes: contactAttributes()},
			},
		},
	}
}

var contactType = nestedListType(contactsSchema(), "contacts")

func (d *contactsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.provider = configureDataSource(req, resp)
}

func (d *contactsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m contactsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, client := d.provider.clientFor(ctx, &resp.Diagnostics)
	if client == nil {
		return
	}
	opts := kirimchat.ListContactsOptions{
		Phone:      m.Phone.ValueString(),
		Search:     m.Search.ValueString(),
		MaxResults: int(m.MaxResults.ValueInt64()),
	}
	result, err := client.ListContacts(ctx, opts)
	if err != nil {
		addReadError(&resp.Diagnostics, "Unable to list Kirim.chat contacts", err)
		return
	}
	warnIfTruncated(&resp.Diagnostics, result.Truncated, "contact", m.MaxResults.ValueInt64(), len(result.Items))

	m.ID = types.StringValue(queryID("phone", opts.Phone, "search", opts.Search, "max_results", maxResultsArg(m.MaxResults)))
	m.Truncated = types.BoolValue(result.Truncated)
	m.IDs, m.Contacts = listOf(result.Items, contactType, func(c *kirimchat.Contact) string { return c.ID },
		func(c *kirimchat.Contact, diags *diag.Diagnostics) attr.Value {
			return object(contactType, contactValues(c, diags), diags)
		},
		&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// contactValues are a contact's attribute values, by attribute name.
func contactValues(c *kirimchat.Contact, diags *diag.Diagnostics) map[string]attr.Value {
	return map[string]attr.Value{
		"id":               types.StringValue(c.ID),
		"object":           types.StringValue(c.Object),
		"phone_number":     types.StringPointerValue(c.PhoneNumber),
		"name":             types.StringPointerValue(c.Name),
		"email":            types.StringPointerValue(c.Email),
		"metadata":         metadataValue(c.Metadata),
		"whatsapp_account": whatsAppAccountValue(c.WhatsAppAccount, diags),
		"created_at":       types.StringValue(c.CreatedAt),
		"updated_at":       types.StringValue(c.UpdatedAt),
	}
}

// metadataValue is the metadata as compact JSON, or null.
func metadataValue(raw json.RawMessage) jsontypes.Normalized {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
		return jsontypes.NewNormalizedNull()
	}
	var compact bytes.Buffer
	if json.Compact(&compact, trimmed) != nil {
		return jsontypes.NewNormalizedValue(string(trimmed))
	}
	return jsontypes.NewNormalizedValue(compact.String())
}
