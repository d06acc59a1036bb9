package provider

import (
	"context"
	"fmt"
	"math/big"
	"net/url"
	"reflect"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/statewire"
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

// MaxResultsArgument is the argument every list data source has.
type MaxResultsArgument struct {
	MaxResults types.Int64 `tfsdk:"max_results"`
}

// limit is max_results for the client: 0 for all.
func (a MaxResultsArgument) limit() int { return int(a.MaxResults.ValueInt64()) }

func (a MaxResultsArgument) maxResults() types.Int64 { return a.MaxResults }

// listArguments are a list data source's arguments (a struct of tfsdk-tagged
// fields that embeds MaxResultsArgument), which know how to drain their
// endpoint.
type listArguments[T kirimchat.Record] interface {
	list(ctx context.Context, c *kirimchat.Client, eachPage func([]T) error) (kirimchat.ListResult[T], error)
	maxResults() types.Int64
}

// listSource is what one list data source adds to the shared read: T is the
// API's record, A the data source's arguments.
type listSource[T kirimchat.Record, A listArguments[T]] struct {
	noun      string // "conversation", for messages
	attribute string // the list attribute, "conversations"
	schema    tftypes.Object
	// record is the list's element: its schema, value and wire form.
	record record[T]
}

// listResult is where a list read puts what it read: a data source's
// state, or an ephemeral resource's result. Both start as the
// configuration, and the read sets the computed attributes.
type listResult struct {
	setAttribute func(context.Context, path.Path, any) diag.Diagnostics
	raw          *tftypes.Value
}

func dataSourceState(s *tfsdk.State) listResult {
	return listResult{setAttribute: s.SetAttribute, raw: &s.Raw}
}

func ephemeralResult(r *tfsdk.EphemeralResultData) listResult {
	return listResult{setAttribute: r.SetAttribute, raw: &r.Raw}
}

// read is the Read of every list data source, and the Open of the ephemeral
// list. It reads the arguments, drains the endpoint and sets the result.
// Served by NewServer, the list and its ids are streamed into the result's
// wire form as the pages arrive, and the framework's result holds everything
// else; otherwise the framework's result holds the whole list. Every failure
// is one diagnostic and leaves no result; a cut list, one warning.
func (s listSource[T, A]) read(ctx context.Context, data *providerData, config tfsdk.Config, into listResult, diags *diag.Diagnostics) {
	defer data.recoverPanic(diags, "kirimchat_"+s.attribute)
	var args A
	diags.Append(getArguments(ctx, config, &args)...)
	id, idDiags := queryID(config)
	diags.Append(idDiags...)
	if diags.HasError() {
		return
	}
	ctx, client := data.clientFor(ctx, diags)
	if client == nil {
		return
	}

	slot := statewire.From(ctx)
	var writer *statewire.StateWriter
	var result kirimchat.ListResult[T]
	var err error
	var list types.List
	var ids []string
	if slot != nil {
		writer = statewire.NewStateWriter(s.schema, s.attribute)
		result, err = s.stream(ctx, client, args, writer)
	} else {
		result, list, ids, err = s.collect(ctx, client, args)
	}
	if err != nil {
		data.addReadError(ctx, diags, fmt.Sprintf("Unable to list Kirim.chat %ss", s.noun), err)
		return
	}
	tflog.Debug(ctx, "Listed Kirim.chat "+s.attribute, map[string]any{
		"count": result.Count, "pages": result.Pages, "duplicates_dropped": result.DuplicatesDropped, "truncated": result.Truncated,
	})
	warnIfTruncated(diags, result.Truncated, s.noun, args.maxResults().ValueInt64(), result.Count)
	warnIfUnrecognized(diags, s.noun, result.UnrecognizedValues(), result.Unrecognized)

	*into.raw = config.Raw
	diags.Append(into.setAttribute(ctx, path.Root("id"), types.StringValue(id))...)
	diags.Append(into.setAttribute(ctx, path.Root("truncated"), types.BoolValue(result.Truncated))...)
	if slot == nil {
		diags.Append(into.setAttribute(ctx, path.Root(statewire.IDs), ids)...)
		diags.Append(into.setAttribute(ctx, path.Root(s.attribute), list)...)
	}
	if slot == nil || diags.HasError() {
		return
	}
	state, err := writer.Finish(*into.raw)
	if err != nil {
		diags.AddError("Unable to encode the data source's state", "This is a bug in the provider: "+err.Error())
		return
	}
	slot.Set(state)
}

// collect drains the endpoint into a list value and its ids: the
// framework's own path.
func (s listSource[T, A]) collect(ctx context.Context, client *kirimchat.Client, args A) (kirimchat.ListResult[T], types.List, []string, error) {
	ids, elements := []string{}, []attr.Value{}
	result, err := args.list(ctx, client, func(page []T) error {
		for i := range page {
			ids = append(ids, page[i].RecordID())
			elements = append(elements, s.record.value(&page[i]))
		}
		return nil
	})
	if err != nil {
		return result, types.List{}, nil, err
	}
	return result, types.ListValueMust(s.record.objectType(), elements), ids, nil
}

// stream drains the endpoint into writer, encoding each page on a goroutine
// of its own while the next one is fetched. When encoding fails, the drain
// is cancelled at once: the request in flight is abandoned and no other
// page is asked for. However the drain ends, even by a panic, the encoder
// is told and waited for: it never outlives the read.
func (s listSource[T, A]) stream(ctx context.Context, client *kirimchat.Client, args A, writer *statewire.StateWriter) (result kirimchat.ListResult[T], err error) {
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
	defer func() {
		close(pages)
		if encodeErr := <-encoded; encodeErr != nil {
			err = encodeErr // the cause of the drain's cancellation
		}
	}()
	return args.list(ctx, client, func(page []T) error {
		select {
		case pages <- page:
			return nil
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	})
}

// encodePages writes each page's items. A panic here would take the plugin
// down without a word, so it becomes an error instead.
func (s listSource[T, A]) encodePages(pages <-chan []T, writer *statewire.StateWriter) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("converting the API's answer failed: %v", r)
		}
	}()
	for page := range pages {
		for i := range page {
			s.record.encode(writer.Element(page[i].RecordID()), &page[i])
		}
		if err := writer.Err(); err != nil {
			return fmt.Errorf("converting the API's answer failed: %w", err)
		}
	}
	return nil
}

// getArguments reads into the struct that args points to the configuration's
// value of each of its tfsdk-tagged fields, and of the fields of the structs
// it embeds: a data source's arguments without the rest of its state.
func getArguments(ctx context.Context, config tfsdk.Config, args any) diag.Diagnostics {
	var diags diag.Diagnostics
	v := reflect.ValueOf(args).Elem()
	for i := range v.NumField() {
		field := v.Type().Field(i)
		if field.Anonymous {
			diags.Append(getArguments(ctx, config, v.Field(i).Addr().Interface())...)
			continue
		}
		diags.Append(config.GetAttribute(ctx, path.Root(field.Tag.Get("tfsdk")), v.Field(i).Addr().Interface())...)
	}
	return diags
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
		texts, err := argumentTexts(name, v)
		if err != nil {
			diags.AddError("Unable to read the configuration", "This is a bug in the provider: "+err.Error())
			return "", diags
		}
		q[name] = texts
	}
	if len(q) == 0 {
		return "all", diags
	}
	return q.Encode(), diags
}

// argumentTexts are the text forms of an argument's value: one for a string
// or a number, a set's elements in order.
func argumentTexts(name string, v tftypes.Value) ([]string, error) {
	switch {
	case v.Type().Is(tftypes.String):
		var text string
		err := v.As(&text)
		return []string{text}, err
	case v.Type().Is(tftypes.Number):
		var n big.Float
		err := v.As(&n)
		return []string{n.Text('f', -1)}, err
	case v.Type().Is(tftypes.Set{ElementType: tftypes.String}):
		var elements []tftypes.Value
		if err := v.As(&elements); err != nil {
			return nil, err
		}
		texts := make([]string, 0, len(elements))
		for _, e := range elements {
			t, err := argumentTexts(name, e)
			if err != nil {
				return nil, err
			}
			texts = append(texts, t...)
		}
		slices.Sort(texts)
		return texts, nil
	}
	return nil, fmt.Errorf("argument %q of type %s has no text form", name, v.Type())
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
