package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
)

var _ datasource.DataSourceWithConfigure = (*labelsDataSource)(nil)

// NewLabelsDataSource is the kirimchat_labels data source.
func NewLabelsDataSource() datasource.DataSource {
	return &labelsDataSource{}
}

type labelsDataSource struct {
	provider *providerData
}

type labelsModel struct {
	ID         types.String `tfsdk:"id"`
	MaxResults types.Int64  `tfsdk:"max_results"`
	Truncated  types.Bool   `tfsdk:"truncated"`
	IDs        types.List   `tfsdk:"ids"`
	Labels     types.List   `tfsdk:"labels"`
}

func (d *labelsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_labels"
}

func (d *labelsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = labelsSchema()
}

func labelsSchema() schema.Schema {
	str := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: description}
	}
	return schema.Schema{
		MarkdownDescription: "Lists the organisation's conversation labels, reading **every page** of `GET /labels`.",
		Attributes: map[string]schema.Attribute{
			"id":          queryIDAttribute(),
			"max_results": maxResultsAttribute("labels"),
			"truncated":   truncatedAttribute("labels"),
			"ids":         idsAttribute("labels"),
			"labels": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The labels, in the API's order, each with every documented field under the API's own name.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":         str("Label id (`lbl_…`)."),
					"object":     str("Always `label`."),
					"name":       str("The label's name (1–50 characters)."),
					"color":      str("One of `gray`, `red`, `orange`, `amber`, `yellow`, `lime`, `green`, `emerald`, `teal`, `sky`, `blue`, `violet`, `pink`."),
					"team_id":    str("The team the label belongs to."),
					"created_at": str("Creation time (RFC 3339, exactly as the API sent it)."),
					"updated_at": str("Last update time (RFC 3339)."),
				}},
			},
		},
	}
}

var labelType = nestedListType(labelsSchema(), "labels")

func (d *labelsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.provider = configureDataSource(req, resp)
}

func (d *labelsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m labelsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, client := d.provider.clientFor(ctx, &resp.Diagnostics)
	if client == nil {
		return
	}
	result, err := client.ListLabels(ctx, kirimchat.ListLabelsOptions{MaxResults: int(m.MaxResults.ValueInt64())})
	if err != nil {
		addReadError(&resp.Diagnostics, "Unable to list Kirim.chat labels", err)
		return
	}
	warnIfTruncated(&resp.Diagnostics, result.Truncated, "label", m.MaxResults.ValueInt64(), len(result.Items))
	m.ID = types.StringValue(queryID("max_results", maxResultsArg(m.MaxResults)))
	m.Truncated = types.BoolValue(result.Truncated)
	m.IDs, m.Labels = listOf(result.Items, labelType, func(l *kirimchat.Label) string { return l.ID }, labelValue, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func labelValue(l *kirimchat.Label, diags *diag.Diagnostics) attr.Value {
	return object(labelType, map[string]attr.Value{
		"id":         types.StringValue(l.ID),
		"object":     types.StringValue(l.Object),
		"name":       types.StringValue(l.Name),
		"color":      types.StringValue(l.Color),
		"team_id":    types.StringValue(l.TeamID),
		"created_at": types.StringValue(l.CreatedAt),
		"updated_at": types.StringValue(l.UpdatedAt),
	}, diags)
}
