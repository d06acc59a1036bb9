package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
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
	defer d.provider.recoverPanic(&resp.Diagnostics, "kirimchat_me")
	ctx, client := d.provider.clientFor(ctx, &resp.Diagnostics)
	if client == nil {
		return
	}
	me, err := client.GetMe(ctx)
	if err != nil {
		addReadError(&resp.Diagnostics, "Unable to read the Kirim.chat API key's organisation", err)
		return
	}
	setStateFromWire(ctx, resp, func(w *wire) {
		w.object(true, 4)
		w.str("id", me.Organization.ID)
		w.key("organization")
		w.object(true, 2)
		w.str("id", me.Organization.ID)
		w.str("name", me.Organization.Name)
		w.key("api_key")
		w.object(true, 3)
		w.str("id", me.APIKey.ID)
		w.str("label", me.APIKey.Label)
		w.str("last4", me.APIKey.Last4)
		w.key("rate_limits")
		w.object(true, 3)
		w.str("tier", me.RateLimits.Tier)
		w.int("read_per_minute", me.RateLimits.ReadPerMinute)
		w.int("write_per_minute", me.RateLimits.WritePerMinute)
	})
}
