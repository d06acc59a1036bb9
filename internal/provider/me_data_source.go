package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
)

var _ datasource.DataSourceWithConfigure = (*meDataSource)(nil)

// NewMeDataSource is the kirimchat_me data source: the organization the API
// key belongs to, the key itself, and its rate limits.
func NewMeDataSource() datasource.DataSource {
	return &meDataSource{}
}

type meDataSource struct {
	provider *providerData
}

func (d *meDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_me"
}

func (d *meDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = meSchema()
}

func meSchema() schema.Schema {
	str := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: description}
	}
	perMinute := func(description string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: description}
	}
	return schema.Schema{
		MarkdownDescription: "Reads `GET /me`: which organization the provider's API key belongs to, the key " +
			"(never its secret) and its rate limits. Use it to check, in a plan, that a configuration talks to the " +
			"organization it is meant for.",
		Attributes: map[string]schema.Attribute{
			"id": str("The organization's id, as `organization.id`."),
			"organization": schema.SingleNestedAttribute{
				Computed: true, MarkdownDescription: "The organization the key belongs to.",
				Attributes: map[string]schema.Attribute{
					"id":   str("Organization id (`org_…`)."),
					"name": str("Organization name."),
				},
			},
			"api_key": schema.SingleNestedAttribute{
				Computed: true, MarkdownDescription: "The key the provider uses; the secret itself is never returned.",
				Attributes: map[string]schema.Attribute{
					"id":    str("Key id (`key_…`)."),
					"label": str("The key's label, as set in the dashboard."),
					"last4": str("The last four characters of the key."),
				},
			},
			"rate_limits": schema.SingleNestedAttribute{
				Computed: true, MarkdownDescription: "The organization's rate limits.",
				Attributes: map[string]schema.Attribute{
					"tier":             str("Rate-limit tier, such as `free`."),
					"read_per_minute":  perMinute("Reads (GET) allowed per minute, shared by every key of the organization."),
					"write_per_minute": perMinute("Writes allowed per minute."),
				},
			},
		},
	}
}

func (d *meDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.provider = configureDataSource(req, resp)
}

func (d *meDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	defer d.provider.recoverPanic(&resp.Diagnostics, "kirimchat_me")
	ctx, client := d.provider.clientFor(ctx, &resp.Diagnostics)
	if client == nil {
		return
	}
	me, err := client.GetMe(ctx)
	if err != nil {
		d.provider.addReadError(ctx, &resp.Diagnostics, "Unable to read the Kirim.chat API key's organization", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, newMeModel(&me))...)
}

// meModel is the data source's state.
type meModel struct {
	ID           types.String `tfsdk:"id"`
	Organization struct {
		ID   types.String `tfsdk:"id"`
		Name types.String `tfsdk:"name"`
	} `tfsdk:"organization"`
	APIKey struct {
		ID    types.String `tfsdk:"id"`
		Label types.String `tfsdk:"label"`
		Last4 types.String `tfsdk:"last4"`
	} `tfsdk:"api_key"`
	RateLimits struct {
		Tier           types.String `tfsdk:"tier"`
		ReadPerMinute  types.Int64  `tfsdk:"read_per_minute"`
		WritePerMinute types.Int64  `tfsdk:"write_per_minute"`
	} `tfsdk:"rate_limits"`
}

func newMeModel(me *kirimchat.Me) meModel {
	var m meModel
	m.ID = types.StringValue(me.Organization.ID)
	m.Organization.ID = types.StringValue(me.Organization.ID)
	m.Organization.Name = types.StringValue(me.Organization.Name)
	m.APIKey.ID = types.StringValue(me.APIKey.ID)
	m.APIKey.Label = types.StringValue(me.APIKey.Label)
	m.APIKey.Last4 = types.StringValue(me.APIKey.Last4)
	m.RateLimits.Tier = types.StringValue(me.RateLimits.Tier)
	m.RateLimits.ReadPerMinute = types.Int64Value(me.RateLimits.ReadPerMinute)
	m.RateLimits.WritePerMinute = types.Int64Value(me.RateLimits.WritePerMinute)
	return m
}
