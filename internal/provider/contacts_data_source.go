package provider

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
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
			MarkdownDescription: "The organization's WhatsApp number the contact writes to.",
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
	return stringvalidator.RegexMatches(kirimchat.PhonePattern, "must be a phone number in E.164 form, such as +628600598901")
}

func contactsSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Lists the organization's contacts, reading **every page** of `GET /contacts` in the " +
			"API's order. Use it to find the contact ids that `kirimchat_conversations` filters on.",
		Attributes: map[string]schema.Attribute{
			"id": queryIDAttribute("phone=%2B628600598901"),
			"phone": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only the contacts with exactly this phone number, in E.164 form (`+` and 7–15 digits). Checked at plan time. " +
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
				NestedObject:        schema.NestedAttributeObject{Attributes: contactAttributes()},
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

var contactsList = listSource[kirimchat.Contact, contactModel, contactsModel, *contactsModel]{
	noun: "contact", attribute: "contacts", schema: schemaType(contactsSchema()),
	element: newContactModel, encode: encodeContact,
}

// contactsArguments are what the data source asks GET /contacts.
type contactsArguments struct {
	Phone  types.String `tfsdk:"phone"`
	Search types.String `tfsdk:"search"`
	maxResultsArgument
}

// contactsModel is the data source's state.
type contactsModel struct {
	contactsArguments
	listResults
	Contacts []contactModel `tfsdk:"contacts"`
}

func (m *contactsModel) list(ctx context.Context, c *kirimchat.Client, eachPage func([]kirimchat.Contact) error) (kirimchat.ListResult[kirimchat.Contact], error) {
	return c.ListContacts(ctx, kirimchat.ListContactsOptions{
		Phone: m.Phone.ValueString(), Search: m.Search.ValueString(), MaxResults: m.limit(), EachPage: eachPage,
	})
}

func (m *contactsModel) elements() *[]contactModel { return &m.Contacts }

// contactModel is a contact on the framework's path: a contacts element, and
// the whole state of kirimchat_contact.
type contactModel struct {
	ID              types.String          `tfsdk:"id"`
	Object          types.String          `tfsdk:"object"`
	PhoneNumber     types.String          `tfsdk:"phone_number"`
	Name            types.String          `tfsdk:"name"`
	Email           types.String          `tfsdk:"email"`
	Metadata        jsontypes.Normalized  `tfsdk:"metadata"`
	WhatsAppAccount *whatsAppAccountModel `tfsdk:"whatsapp_account"`
	CreatedAt       types.String          `tfsdk:"created_at"`
	UpdatedAt       types.String          `tfsdk:"updated_at"`
}

func newContactModel(c *kirimchat.Contact) contactModel {
	return contactModel{
		ID:              types.StringValue(c.ID),
		Object:          types.StringValue(c.Object),
		PhoneNumber:     types.StringPointerValue(c.PhoneNumber),
		Name:            types.StringPointerValue(c.Name),
		Email:           types.StringPointerValue(c.Email),
		Metadata:        jsontypes.NewNormalizedPointerValue(compactJSON(c.Metadata)),
		WhatsAppAccount: newWhatsAppAccountModel(c.WhatsAppAccount),
		CreatedAt:       types.StringValue(c.CreatedAt),
		UpdatedAt:       types.StringValue(c.UpdatedAt),
	}
}

// encodeContact writes a contacts element in wire form: the same attributes
// as contactModel.
func encodeContact(w *wire, c *kirimchat.Contact) {
	o := w.beginObject()
	w.str("id", c.ID)
	w.str("object", c.Object)
	w.nullableStr("phone_number", c.PhoneNumber)
	w.nullableStr("name", c.Name)
	w.nullableStr("email", c.Email)
	w.nullableStr("metadata", compactJSON(c.Metadata))
	encodeWhatsAppAccount(w, c.WhatsAppAccount)
	w.str("created_at", c.CreatedAt)
	w.str("updated_at", c.UpdatedAt)
	w.endObject(o)
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
