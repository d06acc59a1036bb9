package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*meDataSource)(nil)

// NewMeDataSource is the kirimchat_me data source: the organisation the API
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
	str := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: description}
	}
	perMinute := func(description string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: description}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads `GET /me`: which organisation the provider's API key belongs to, the key " +
			"(never its secret) and its rate limits. Use it to check, in a plan, that a configuration talks to the " +
			"organisation it is meant for.",
		Attributes: map[string]schema.Attribute{
			"id": str("The organisation's id, as `organization.id`."),
			"organization": schema.SingleNestedAttribute{
				Computed: true, MarkdownDescription: "The organisation the key belongs to.",
				Attributes: map[string]schema.Attribute{
					"id":   str("Organisation id (`org_…`)."),
					"name": str("Organisation name."),
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
				Computed: true, MarkdownDescription: "The organisation's rate limits.",
				Attributes: map[string]schema.Attribute{
					"tier":             str("Rate-limit tier, such as `free`."),
					"read_per_minute":  perMinute("Reads (GET) allowed per minute, shared by every key of the organisation."),
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
	ctx, client := d.provider.clientFor(ctx, &resp.Diagnostics)
	if client == nil {
		return
	}
	me, err := client.GetMe(ctx)
	if err != nil {
		addReadError(&resp.Diagnostics, "Unable to read the Kirim.chat API key's organisation", err)
		return
	}
	set := func(name string, v attr.Value) {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), v)...)
	}
	set("id", types.StringValue(me.Organization.ID))
	set("organization", objectOf(map[string]attr.Value{
		"id": types.StringValue(me.Organization.ID), "name": types.StringValue(me.Organization.Name),
	}))
	set("api_key", objectOf(map[string]attr.Value{
		"id": types.StringValue(me.APIKey.ID), "label": types.StringValue(me.APIKey.Label), "last4": types.StringValue(me.APIKey.Last4),
	}))
	set("rate_limits", objectOf(map[string]attr.Value{
		"tier":             types.StringValue(me.RateLimits.Tier),
		"read_per_minute":  types.Int64Value(me.RateLimits.ReadPerMinute),
		"write_per_minute": types.Int64Value(me.RateLimits.WritePerMinute),
	}))
}

// objectOf builds an object whose type follows from its values; SetAttribute
// checks it against the schema.
func objectOf(values map[string]attr.Value) types.Object {
	attrTypes := make(map[string]attr.Type, len(values))
	for name, v := range values {
		attrTypes[name] = v.Type(context.Background())
	}
	return types.ObjectValueMust(attrTypes, values)
}
