package provider

import (
	"context"
	"fmt"
	"math/big"
	"net/url"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
)

// What every list data source shares: max_results with a visible
// truncation, a computed id naming the query, the items' ids, and the read.

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

func queryIDAttribute(example string) schema.StringAttribute {
	return schema.StringAttribute{
		Computed:            true,
		MarkdownDescription: "Identifier derived from the arguments, such as `" + example + "`; `all` without any.",
	}
}

// maxResultsArgument is the argument every list data source has.
type maxResultsArgument struct {
	MaxResults types.Int64 `tfsdk:"max_results"`
}

// limit is max_results for the client: 0 for all.
func (a maxResultsArgument) limit() int { return int(a.MaxResults.ValueInt64()) }

func (a maxResultsArgument) maxResults() types.Int64 { return a.MaxResults }

// listResults are the computed attributes every list data source has beside
// its list.
type listResults struct {
	ID        types.String `tfsdk:"id"`
	Truncated types.Bool   `tfsdk:"truncated"`
	// IDs stays nil (null) on the streamed path, which writes the ids itself.
	IDs []string `tfsdk:"ids"`
}

func (r *listResults) results() *listResults { return r }

// listModel is a list data source's state as the framework reads and sets
// it: a struct that embeds its arguments (with maxResultsArgument) and
// listResults, and holds its list's elements.
type listModel[T kirimchat.Record, E any, M any] interface {
	*M
	// list drains the endpoint with the model's arguments.
	list(ctx context.Context, c *kirimchat.Client, eachPage func([]T) error) (kirimchat.ListResult[T], error)
	maxResults() types.Int64
	results() *listResults
	elements() *[]E
}

// listSource is what one list data source adds to the shared read: T is the
// API's record, E its typed model in the state, M the state's model.
type listSource[T kirimchat.Record, E any, M any, PM listModel[T, E, M]] struct {
	noun      string // "conversation", for messages
	attribute string // the list attribute, "conversations"
	schema    tftypes.Object
	// element is an item's typed model, for the framework's own path.
	element func(*T) E
	// encode writes an item in wire form, for the streamed path.
	encode func(*wire, *T)
}

// listResult is where a list read puts what it read: a data source's
// state, or an ephemeral resource's result.
type listResult struct {
	set func(context.Context, any) diag.Diagnostics
	raw func() tftypes.Value
}

func dataSourceState(s *tfsdk.State) listResult {
	return listResult{set: s.Set, raw: func() tftypes.Value { return s.Raw }}
}

func ephemeralResult(r *tfsdk.EphemeralResultData) listResult {
	return listResult{set: r.Set, raw: func() tftypes.Value { return r.Raw }}
}

// read is the Read of every list data source, and the Open of the ephemeral
// list. It reads the arguments into the model, drains the endpoint and sets
// the result. Served by NewServer, the list and its ids are streamed into
// the result's wire form as the pages arrive, and the framework's result
// holds everything else; otherwise the framework's result holds the whole
// list. Every failure is one diagnostic and leaves no result; a cut list,
// one warning.
func (s listSource[T, E, M, PM]) read(ctx context.Context, data *providerData, config tfsdk.Config, into listResult, diags *diag.Diagnostics) {
	defer data.recoverPanic(diags, "kirimchat_"+s.attribute)
	var model M
	m := PM(&model)
	diags.Append(config.Get(ctx, m)...)
	id, idDiags := queryID(config)
	diags.Append(idDiags...)
	if diags.HasError() {
		return
	}
	ctx, client := data.clientFor(ctx, diags)
	if client == nil {
		return
	}

	streamed := streamedStateFrom(ctx)
	var writer *stateWriter
	var result kirimchat.ListResult[T]
	var err error
	if streamed != nil {
		writer = newStateWriter(s.schema, s.attribute)
		result, err = s.stream(ctx, client, m, writer)
	} else {
		result, err = s.collect(ctx, client, m)
	}
	if err != nil {
		data.addReadError(ctx, diags, fmt.Sprintf("Unable to list Kirim.chat %ss", s.noun), err)
		return
	}
	tflog.Debug(ctx, "Listed Kirim.chat "+s.attribute, map[string]any{
		"count": result.Count, "pages": result.Pages, "duplicates_dropped": result.DuplicatesDropped, "truncated": result.Truncated,
	})
	warnIfTruncated(diags, result.Truncated, s.noun, m.maxResults().ValueInt64(), result.Count)
	warnIfUnrecognized(diags, s.noun, result.UnrecognizedValues(), result.Unrecognized)

	m.results().ID = types.StringValue(id)
	m.results().Truncated = types.BoolValue(result.Truncated)
	diags.Append(into.set(ctx, m)...)
	if streamed == nil || diags.HasError() {
		return
	}
	streamed.msgpack, err = writer.finish(into.raw())
	if err != nil {
		diags.AddError("Unable to encode the data source's state", "This is a bug in the provider: "+err.Error())
	}
}

// collect drains the endpoint into the model's list and ids: the
// framework's own path.
func (s listSource[T, E, M, PM]) collect(ctx context.Context, client *kirimchat.Client, m PM) (kirimchat.ListResult[T], error) {
	ids, elements := []string{}, []E{}
	result, err := m.list(ctx, client, func(page []T) error {
		for i := range page {
			ids = append(ids, page[i].RecordID())
			elements = append(elements, s.element(&page[i]))
		}
		return nil
	})
	m.results().IDs, *m.elements() = ids, elements
	return result, err
}

// stream drains the endpoint into writer, encoding each page on a goroutine
// of its own while the next one is fetched. When encoding fails, the drain
// is cancelled at once: the request in flight is abandoned and no other
// page is asked for.
func (s listSource[T, E, M, PM]) stream(ctx context.Context, client *kirimchat.Client, m PM, writer *stateWriter) (kirimchat.ListResult[T], error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	pages := make(chan []T, 4)
	encoded := make(chan error, 1)
	go func() {
		err := s.encodePages(pages, writer)
		if err != nil {
			cancel(err)
			for range pages { // let the drain's last hand-off through
			}
		}
		encoded <- err
	}()
	result, err := m.list(ctx, client, func(page []T) error {
		select {
		case pages <- page:
			return nil
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	})
	close(pages)
	if encodeErr := <-encoded; encodeErr != nil {
		return result, encodeErr
	}
	return result, err
}

// encodePages writes each page's items. A panic here would take the plugin
// down without a word, so it becomes an error instead.
func (s listSource[T, E, M, PM]) encodePages(pages <-chan []T, writer *stateWriter) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("converting the API's answer failed: %v", r)
		}
	}()
	for page := range pages {
		for i := range page {
			s.encode(writer.element(page[i].RecordID()), &page[i])
		}
		if writer.wire.err != nil {
			return fmt.Errorf("converting the API's answer failed: %w", writer.wire.err)
		}
	}
	return nil
}

// schemaType is the object type of a schema (a data source's, an ephemeral
// resource's).
func schemaType(s interface{ Type() attr.Type }) tftypes.Object {
	//nolint:forcetypeassert // a schema's type is always an object
	return s.Type().TerraformType(context.Background()).(tftypes.Object)
}

// queryID names a read by its arguments (every optional attribute that is
// set, as name=value), so that the same arguments always give the same id.
func queryID(config tfsdk.Config) (string, diag.Diagnostics) {
	var diags diag.Diagnostics
	var values map[string]tftypes.Value
	if err := config.Raw.As(&values); err != nil {
		diags.AddError("Unable to read the configuration", "This is a bug in the provider: "+err.Error())
		return "", diags
	}
	q := url.Values{}
	for name, attribute := range config.Schema.GetAttributes() {
		v := values[name]
		if !attribute.IsOptional() || v.IsNull() || !v.IsKnown() {
			continue
		}
		var text string
		var err error
		switch {
		case v.Type().Is(tftypes.String):
			err = v.As(&text)
		case v.Type().Is(tftypes.Number):
			var n big.Float
			err = v.As(&n)
			text = n.Text('f', -1)
		default:
			err = fmt.Errorf("argument %q of type %s has no text form", name, v.Type())
		}
		if err != nil {
			diags.AddError("Unable to read the configuration", "This is a bug in the provider: "+err.Error())
			return "", diags
		}
		q.Set(name, text)
	}
	if len(q) == 0 {
		return "all", diags
	}
	return q.Encode(), diags
}

// warnIfUnrecognized names, in one warning per read, the values outside a
// documented set that the list carried; they are kept as the API sent them.
func warnIfUnrecognized(diags *diag.Diagnostics, noun string, values []string, counts map[string]int) {
	if len(values) == 0 {
		return
	}
	var named []string
	for _, v := range values[:min(len(values), maxValuesNamed)] {
		named = append(named, fmt.Sprintf("%s (%d %ss)", v, counts[v], noun))
	}
	if more := len(values) - maxValuesNamed; more > 0 {
		named = append(named, fmt.Sprintf("%d more such values", more))
	}
	diags.AddWarning("Kirim.chat sent values its documentation does not list",
		fmt.Sprintf("The list holds %s. They are kept exactly as sent; the API may have added them since this "+
			"provider was written. Check that conditions comparing these attributes still mean what they should.",
			strings.Join(named, ", ")))
}

// maxValuesNamed bounds the values one warning names: each is cut at
// kirimchat.MaxTextLength already, and a server could send a new one in
// every row.
const maxValuesNamed = 10

// warnIfTruncated says so when max_results cut the list: never a silent cut.
func warnIfTruncated(diags *diag.Diagnostics, truncated bool, noun string, maxResults int64, n int) {
	if !truncated {
		return
	}
	diags.AddWarning(fmt.Sprintf("Kirim.chat %s list truncated", noun),
		fmt.Sprintf("max_results = %d stopped the read; more %ss match. The list holds the first %d in the API's order. "+
			"Raise or remove max_results to read them all.", maxResults, noun, n))
}
