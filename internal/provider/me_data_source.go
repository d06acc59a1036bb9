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
	attributes := meRecord.attributes()
	attributes["id"] = schema.StringAttribute{Computed: true, MarkdownDescription: "The organization's id, as `organization.id`."}
	return schema.Schema{
		MarkdownDescription: "Reads `GET /me`: which organization the provider's API key belongs to, the key " +
			"(never its secret) and its rate limits. Use it to check, in a plan, that a configuration talks to the " +
			"organization it is meant for.",
		Attributes: attributes,
	}
}

// meRecord is GET /me's data, every documented field under the API's own name.
var meRecord = record[kirimchat.Me]{
	object("organization", "The organization the key belongs to.", false, record[kirimchat.Organization]{
		text("id", "Organization id (`org_…`).", func(o *kirimchat.Organization) string { return o.ID }),
		text("object", "Always `organization`.", func(o *kirimchat.Organization) string { return o.Object }),
		text("name", "Organization name.", func(o *kirimchat.Organization) string { return o.Name }),
	}, func(m *kirimchat.Me) *kirimchat.Organization { return &m.Organization }),
	object("api_key", "The key the provider uses; the secret itself is never returned.", false, record[kirimchat.APIKey]{
		text("id", "Key id (`key_…`).", func(k *kirimchat.APIKey) string { return k.ID }),
		text("object", "Always `api_key`.", func(k *kirimchat.APIKey) string { return k.Object }),
		text("label", "The key's label, as set in the dashboard.", func(k *kirimchat.APIKey) string { return k.Label }),
		text("last4", "The last four characters of the key.", func(k *kirimchat.APIKey) string { return k.Last4 }),
	}, func(m *kirimchat.Me) *kirimchat.APIKey { return &m.APIKey }),
	object("rate_limits", "The organization's rate limits.", false, record[kirimchat.RateLimits]{
		text("tier", "Rate-limit tier, such as `free`.", func(r *kirimchat.RateLimits) string { return r.Tier }),
		integer("write_per_minute", "Writes allowed per minute.", func(r *kirimchat.RateLimits) int64 { return r.WritePerMinute }),
		integer("read_per_minute", "Reads (GET) allowed per minute, shared by every key of the organization.",
			func(r *kirimchat.RateLimits) int64 { return r.ReadPerMinute }),
	}, func(m *kirimchat.Me) *kirimchat.RateLimits { return &m.RateLimits }),
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
	// The state is the record, and the organization's id as the data source's.
	attributes := meRecord.value(&me).Attributes()
	attributes["id"] = types.StringValue(me.Organization.ID)
	attributeTypes := meRecord.attrTypes()
	attributeTypes["id"] = types.StringType
	state, diags := types.ObjectValue(attributeTypes, attributes)
	resp.Diagnostics.Append(diags...)
	if !diags.HasError() {
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	}
}
