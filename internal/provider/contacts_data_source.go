package provider

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
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

const metadataDescription = "Free-form metadata the organization stores on the contact, as a normalized JSON " +
	"string (`null` when the contact has none). Its value types are not fixed by the API, so it is exposed as JSON " +
	"rather than a typed object: read any key with `jsondecode(…)`, for example " +
	"`try(jsondecode(c.metadata).tier, null)`."

// contactRecord is a contact: a contacts element, and the whole state of
// kirimchat_contact.
var contactRecord = record[kirimchat.Contact]{
	text("id", "Contact id (`ctc_…`).", func(c *kirimchat.Contact) string { return c.ID }),
	text("object", "Always `contact`.", func(c *kirimchat.Contact) string { return c.Object }),
	nullableText("phone_number", "Phone number in E.164 form; `null` when unknown.", func(c *kirimchat.Contact) *string { return c.PhoneNumber }),
	nullableText("name", "Display name; `null` when none.", func(c *kirimchat.Contact) *string { return c.Name }),
	nullableText("email", "Email address; `null` when none.", func(c *kirimchat.Contact) *string { return c.Email }),
	jsonText("metadata", metadataDescription, func(c *kirimchat.Contact) *string { return compactJSON(c.Metadata) }),
	object("whatsapp_account", "The organization's WhatsApp number the contact writes to; `null` only if the API sends none.",
		true, whatsAppAccountRecord, func(c *kirimchat.Contact) *kirimchat.WhatsAppAccount { return c.WhatsAppAccount }),
	text("created_at", "Creation time (RFC 3339, exactly as the API sent it).", func(c *kirimchat.Contact) string { return c.CreatedAt }),
	text("updated_at", "Last update time (RFC 3339).", func(c *kirimchat.Contact) string { return c.UpdatedAt }),
}

func (d *contactsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_contacts"
}

func (d *contactsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = contactsSchema()
}

func contactsSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Lists the organization's contacts, reading **every page** of `GET /contacts` in the " +
			"API's order. Use it to find the contact ids that `kirimchat_conversations` filters on.",
		Attributes: map[string]schema.Attribute{
			"id": queryIDAttribute("phone=%2B628600598901"),
			"phone": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only the contacts with exactly this phone number, in E.164 form (`+` and 7–15 digits). Checked at plan time: " +
					"a number written another way is an error that gives its E.164 form when the country is in it " +
					"(`+62 812-3456-7890`, `0062 812…`), and says how to write it when it is not (`0812…`). " +
					"Named after the API's own filter (`GET /contacts?phone=…`); `kirimchat_contact` names its argument " +
					"`phone_number` after the contact field it looks up.",
				Validators: []validator.String{phoneValidator()},
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
				NestedObject:        schema.NestedAttributeObject{Attributes: contactRecord.attributes()},
			},
		},
	}
}

func (d *contactsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.provider = configureDataSource(req, resp)
}

func (d *contactsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	contactsList.read(ctx, d.provider, req.Config, dataSourceState(&resp.State), &resp.Diagnostics)
}

var contactsList = listSource[kirimchat.Contact, contactsArguments]{
	noun: "contact", attribute: "contacts", schema: schemaType(contactsSchema()), record: contactRecord,
}

// contactsArguments are what the data source asks GET /contacts.
type contactsArguments struct {
	Phone  types.String `tfsdk:"phone"`
	Search types.String `tfsdk:"search"`
	MaxResultsArgument
}

func (a contactsArguments) list(ctx context.Context, c *kirimchat.Client, eachPage func([]kirimchat.Contact) error) (kirimchat.ListResult[kirimchat.Contact], error) {
	return c.ListContacts(ctx, kirimchat.ListContactsOptions{
		Phone: a.Phone.ValueString(), Search: a.Search.ValueString(), MaxResults: a.limit(), EachPage: eachPage,
	})
}

// compactJSON is the metadata as compact JSON, or nil for none. Its
// attribute is a jsontypes.Normalized, which is a string on the wire.
func compactJSON(raw json.RawMessage) *string {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
		return nil
	}
	var compact bytes.Buffer
	if json.Compact(&compact, trimmed) != nil {
		text := string(trimmed)
		return &text
	}
	text := compact.String()
	return &text
}
