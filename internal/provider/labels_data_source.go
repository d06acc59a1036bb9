package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

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

func (d *labelsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_labels"
}

func (d *labelsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = labelsSchema()
}

func labelsSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Lists the organization's conversation labels, reading **every page** of `GET /labels`.",
		Attributes: map[string]schema.Attribute{
			"id":          queryIDAttribute("max_results=10"),
			"max_results": maxResultsAttribute("labels"),
			"truncated":   truncatedAttribute("labels"),
			"ids":         idsAttribute("labels"),
			"labels": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The labels, in the API's order, each with every documented field under the API's own name.",
				NestedObject:        schema.NestedAttributeObject{Attributes: labelRecord.attributes()},
			},
		},
	}
}

func (d *labelsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.provider = configureDataSource(req, resp)
}

func (d *labelsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	labelsList.read(ctx, d.provider, req.Config, dataSourceState(&resp.State), &resp.Diagnostics)
}

var labelsList = listSource[kirimchat.Label, labelsArguments]{
	noun: "label", attribute: "labels", schema: schemaType(labelsSchema()), record: labelRecord,
}

// labelRecord is a labels element.
var labelRecord = record[kirimchat.Label]{
	text("id", "Label id (`lbl_…`).", func(l *kirimchat.Label) string { return l.ID }),
	text("object", "Always `label`.", func(l *kirimchat.Label) string { return l.Object }),
	text("name", "The label's name (1–50 characters).", func(l *kirimchat.Label) string { return l.Name }),
	text("color", "One of `"+strings.Join(kirimchat.LabelColors, "`, `")+"`.", func(l *kirimchat.Label) string { return l.Color }),
	text("team_id", "The team the label belongs to.", func(l *kirimchat.Label) string { return l.TeamID }),
	text("created_at", "Creation time (RFC 3339, exactly as the API sent it).", func(l *kirimchat.Label) string { return l.CreatedAt }),
	text("updated_at", "Last update time (RFC 3339).", func(l *kirimchat.Label) string { return l.UpdatedAt }),
}

// labelsArguments are what the data source asks GET /labels, which
// documents no filters.
type labelsArguments struct {
	MaxResultsArgument
}

func (a labelsArguments) list(ctx context.Context, c *kirimchat.Client, eachPage func([]kirimchat.Label) error) (kirimchat.ListResult[kirimchat.Label], error) {
	return c.ListLabels(ctx, kirimchat.ListLabelsOptions{MaxResults: a.limit(), EachPage: eachPage})
}
