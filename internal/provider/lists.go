package provider

import (
	"context"
	"fmt"
	"maps"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
)

// What every list data source shares: max_results with a visible
// truncation, a computed id naming the query, and the items' ids.

func maxResultsAttribute(noun string) schema.Int64Attribute {
	return schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: fmt.Sprintf("Stop after this many %s, requesting no more rows than needed. When more "+
			"exist, `truncated` is `true` and Terraform shows a warning. Without it, every matching one is read.", noun),
		Validators: []validator.Int64{int64validator.AtLeast(1)},
	}
}

func truncatedAttribute(noun string) schema.BoolAttribute {
	return schema.BoolAttribute{
		Computed:            true,
		MarkdownDescription: fmt.Sprintf("`true` when `max_results` stopped the read while more %s matched.", noun),
	}
}

func idsAttribute(list string) schema.ListAttribute {
	return schema.ListAttribute{
		Computed:            true,
		ElementType:         types.StringType,
		MarkdownDescription: fmt.Sprintf("The ids, in the same order as `%s`.", list),
	}
}

func queryIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Computed:            true,
		MarkdownDescription: "Identifier derived from the arguments, such as `status=open`; `all` without any.",
	}
}

// queryID names a query by its arguments (name, value pairs; empty values
// are left out), so that the same arguments always give the same id.
func queryID(pairs ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			q.Set(pairs[i], pairs[i+1])
		}
	}
	if len(q) == 0 {
		return "all"
	}
	return q.Encode()
}

func maxResultsArg(v types.Int64) string {
	if v.IsNull() {
		return ""
	}
	return fmt.Sprint(v.ValueInt64())
}

// warnIfTruncated says so when max_results cut the list: never a silent cut.
func warnIfTruncated(diags *diag.Diagnostics, truncated bool, noun string, maxResults int64, n int) {
	if !truncated {
		return
	}
	diags.AddWarning(fmt.Sprintf("Kirim.chat %s list truncated", noun),
		fmt.Sprintf("max_results = %d stopped the read; more %ss match. The list holds the first %d in the API's order. "+
			"Raise or remove max_results to read them all.", maxResults, noun, n))
}

// listRead is what one list data source adds to the shared read: the noun for
// messages, the list attribute, its string filters, and how to identify and
// encode an item.
type listRead[T any] struct {
	noun      string   // "conversation"
	attribute string   // "conversations"
	filters   []string // string arguments sent as the API's filters, such as "status"
	schema    tftypes.Object
	id        func(*T) string
	encode    func(*wire, *T)
}

// listQuery is what a list data source asks its endpoint for.
type listQuery struct {
	filters    map[string]string // by argument name; "" when not set
	maxResults int               // 0 for all
}

// lister drains one endpoint, handing each page to eachPage.
type lister[T any] func(ctx context.Context, client *kirimchat.Client, q listQuery, eachPage func([]T) error) (kirimchat.ListResult[T], error)

// readWire reads the arguments, drains the endpoint with list, and returns
// the data source's whole state in wire form: the arguments as configured,
// id, truncated, ids and the list, whose elements are encoded on a goroutine
// of their own while the next page is fetched. Every failure is one
// diagnostic; a cut list, one warning.
func (l listRead[T]) readWire(ctx context.Context, data *providerData, config tfsdk.Config, list lister[T]) ([]byte, diag.Diagnostics) {
	var diags diag.Diagnostics
	q := listQuery{filters: map[string]string{}}
	idPairs := []string{}
	for _, name := range l.filters {
		var v types.String
		diags.Append(config.GetAttribute(ctx, path.Root(name), &v)...)
		q.filters[name] = v.ValueString()
		idPairs = append(idPairs, name, v.ValueString())
	}
	var maxResults types.Int64
	diags.Append(config.GetAttribute(ctx, path.Root("max_results"), &maxResults)...)
	if diags.HasError() {
		return nil, diags
	}
	q.maxResults = int(maxResults.ValueInt64())
	id := queryID(append(idPairs, "max_results", maxResultsArg(maxResults))...)
	ctx, client := data.clientFor(ctx, &diags)
	if client == nil {
		return nil, diags
	}

	writer := newStateWriter(l.schema, l.attribute)
	var ids []tftypes.Value
	pages := make(chan []T, 4)
	converted := make(chan error, 1)
	go func() {
		converted <- l.encodePages(pages, writer, &ids)
	}()
	result, err := list(ctx, client, q, func(page []T) error {
		pages <- page
		return nil
	})
	close(pages)
	if convErr := <-converted; err == nil {
		err = convErr
	}
	if err != nil {
		addReadError(&diags, fmt.Sprintf("Unable to list Kirim.chat %ss", l.noun), err)
		return nil, diags
	}
	tflog.Debug(ctx, "Listed Kirim.chat "+l.attribute, map[string]any{
		"count": result.Count, "pages": result.Pages, "duplicates_dropped": result.DuplicatesDropped, "truncated": result.Truncated,
	})
	warnIfTruncated(&diags, result.Truncated, l.noun, maxResults.ValueInt64(), result.Count)

	var configured map[string]tftypes.Value
	if err := config.Raw.As(&configured); err != nil {
		diags.AddError("Unable to read the configuration", "This is a bug in the provider: "+err.Error())
		return nil, diags
	}
	values := maps.Clone(configured) // As hands out the configuration's own map
	values["id"] = stringValue(id)
	values["truncated"] = boolValue(result.Truncated)
	values["ids"] = tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, ids)
	wire, err := writer.finish(values)
	if err != nil {
		diags.AddError("Unable to encode the data source's state", "This is a bug in the provider: "+err.Error())
		return nil, diags
	}
	return wire, diags
}

// encodePages turns each page's items into list elements. A panic here would
// take the plugin down without a word, so it becomes an error instead; the
// pages are drained either way, so that the drain never blocks.
func (l listRead[T]) encodePages(pages <-chan []T, writer *stateWriter, ids *[]tftypes.Value) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("converting the API's answer failed: %v", r)
			for range pages { // drain
			}
		}
	}()
	*ids = []tftypes.Value{}
	for page := range pages {
		for i := range page {
			*ids = append(*ids, stringValue(l.id(&page[i])))
			l.encode(writer.element(), &page[i])
		}
	}
	return nil
}
