package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
)

var (
	_ datasource.DataSourceWithConfigure        = (*contactDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*contactDataSource)(nil)
)

// NewContactDataSource is the kirimchat_contact data source: one contact, by
// id or by phone number.
func NewContactDataSource() datasource.DataSource {
	return &contactDataSource{}
}

type contactDataSource struct {
	provider *providerData
}

func (d *contactDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_contact"
}

func (d *contactDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := contactRecord.attributes()
	attrs["id"] = schema.StringAttribute{
		Optional: true, Computed: true,
		MarkdownDescription: "The contact's id (`ctc_…`) to look up with `GET /contacts/{id}`. Exactly one of `id` and `phone_number` is required.",
		Validators:          []validator.String{contactIDValidator()},
	}
	attrs["phone_number"] = schema.StringAttribute{
		Optional: true, Computed: true,
		MarkdownDescription: "The contact's phone number in E.164 form, looked up with the `phone` filter of `GET /contacts`; " +
			"it must match exactly one contact. Exactly one of `id` and `phone_number` is required. Named, like `id`, after " +
			"the contact field it matches (the list data source's `phone` is the API's filter name).",
		Validators: []validator.String{phoneValidator()},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one contact, by id or by phone number. A contact that does not exist is an error " +
			"that names what was looked up, never an empty object; a phone number shared by several contacts is an " +
			"error that lists their ids.",
		Attributes: attrs,
	}
}

func (d *contactDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("phone_number")),
	}
}

func (d *contactDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.provider = configureDataSource(req, resp)
}

func (d *contactDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	defer d.provider.recoverPanic(&resp.Diagnostics, "kirimchat_contact")
	var id, phone types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("phone_number"), &phone)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, client := d.provider.clientFor(ctx, &resp.Diagnostics)
	if client == nil {
		return
	}

	var contact kirimchat.Contact
	var err error
	const summary = "Unable to read the Kirim.chat contact"
	if !id.IsNull() {
		contact, err = client.GetContact(ctx, id.ValueString())
		if kirimchat.IsNotFound(err) {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Kirim.chat contact not found",
				fmt.Sprintf("No contact with id %s exists in the organization of this API key.\n\n%s", id.ValueString(), d.provider.mask(readErrorDetail(err))))
			return
		}
	} else {
		contact, err = contactByPhone(ctx, client, phone.ValueString(), &resp.Diagnostics)
	}
	if err != nil {
		d.provider.addReadError(ctx, &resp.Diagnostics, summary, err)
		return
	}
	if resp.Diagnostics.HasError() {
		return
	}
	// The state is the contact itself, with the attributes of a contacts element.
	resp.Diagnostics.Append(resp.State.Set(ctx, contactRecord.value(&contact))...)
}

// contactByPhone finds the one contact with this phone number; none or
// several is a diagnostic.
func contactByPhone(ctx context.Context, client *kirimchat.Client, phone string, diags *diag.Diagnostics) (kirimchat.Contact, error) {
	result, err := client.ListContacts(ctx, kirimchat.ListContactsOptions{Phone: phone})
	if err != nil {
		return kirimchat.Contact{}, err
	}
	switch len(result.Items) {
	case 1:
		return result.Items[0], nil
	case 0:
		diags.AddAttributeError(path.Root("phone_number"), "Kirim.chat contact not found",
			fmt.Sprintf("No contact has the phone number %s in the organization of this API key.", phone))
	default:
		ids := make([]string, len(result.Items))
		for i, c := range result.Items {
			ids[i] = c.ID
		}
		diags.AddAttributeError(path.Root("phone_number"), "Several Kirim.chat contacts share this phone number",
			fmt.Sprintf("%d contacts have the phone number %s: %s. Look one up by id instead.", len(ids), phone, strings.Join(ids, ", ")))
	}
	return kirimchat.Contact{}, nil
}
