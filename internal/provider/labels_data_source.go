package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
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
		MarkdownDescription: "Lists the organization's conversation labels, reading **every page** of `GET /labels`.",
		Attributes: map[string]schema.Attribute{
			"id":          queryIDAttribute("max_results=10"),
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

func (d *labelsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.provider = configureDataSource(req, resp)
}

func (d *labelsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	labelsList.read(ctx, d.provider, req.Config, dataSourceState(&resp.State), &resp.Diagnostics)
}

var labelsList = listSource[kirimchat.Label, labelModel, labelsModel, *labelsModel]{
	noun: "label", attribute: "labels", schema: schemaType(labelsSchema()),
	element: newLabelModel, encode: encodeLabel,
}

// labelsModel is the data source's state. GET /labels documents no filters.
type labelsModel struct {
	maxResultsArgument
	listResults
	Labels []labelModel `tfsdk:"labels"`
}

func (m *labelsModel) list(ctx context.Context, c *kirimchat.Client, eachPage func([]kirimchat.Label) error) (kirimchat.ListResult[kirimchat.Label], error) {
	return c.ListLabels(ctx, kirimchat.ListLabelsOptions{MaxResults: m.limit(), EachPage: eachPage})
}

func (m *labelsModel) elements() *[]labelModel { return &m.Labels }

// labelModel is a labels element on the framework's path.
type labelModel struct {
	ID        types.String `tfsdk:"id"`
	Object    types.String `tfsdk:"object"`
	Name      types.String `tfsdk:"name"`
	Color     types.String `tfsdk:"color"`
	TeamID    types.String `tfsdk:"team_id"`
	CreatedAt types.String `tfsdk:"created_at"`
	UpdatedAt types.String `tfsdk:"updated_at"`
}

func newLabelModel(l *kirimchat.Label) labelModel {
	return labelModel{
		ID: types.StringValue(l.ID), Object: types.StringValue(l.Object), Name: types.StringValue(l.Name),
		Color: types.StringValue(l.Color), TeamID: types.StringValue(l.TeamID),
		CreatedAt: types.StringValue(l.CreatedAt), UpdatedAt: types.StringValue(l.UpdatedAt),
	}
}

// encodeLabel writes a labels element in wire form: the same attributes as
// labelModel.
func encodeLabel(w *wire, l *kirimchat.Label) {
	o := w.beginObject()
	w.str("id", l.ID)
	w.str("object", l.Object)
	w.str("name", l.Name)
	w.str("color", l.Color)
	w.str("team_id", l.TeamID)
	w.str("created_at", l.CreatedAt)
	w.str("updated_at", l.UpdatedAt)
	w.endObject(o)
}
