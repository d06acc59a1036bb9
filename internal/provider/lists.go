package provider

import (
	"context"
	"fmt"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
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
// messages, the list attribute, and how to identify and convert an item.
type listRead[T any] struct {
	noun      string // "conversation"
	attribute string // "conversations"
	elemType  tftypes.Object
	id        func(*T) string
	value     func(*T, tftypes.Value) tftypes.Value
}

// read drains the endpoint with list, converting pages as they arrive, and
// writes the state: the arguments as configured, id, truncated, ids and the
// list. Every failure becomes one diagnostic; a cut list, one warning.
func (l listRead[T]) read(ctx context.Context, config tfsdk.Config, resp *datasource.ReadResponse, id string, maxResults types.Int64,
	list func(eachPage func([]T) error) (kirimchat.ListResult[T], error),
) {
	converter := convertPages(l.id, l.value)
	result, err := list(converter.add)
	ids, items, convErr := converter.lists(l.elemType)
	if err == nil {
		err = convErr
	}
	if err != nil {
		addReadError(&resp.Diagnostics, fmt.Sprintf("Unable to list Kirim.chat %ss", l.noun), err)
		return
	}
	tflog.Debug(ctx, "Listed Kirim.chat "+l.attribute, map[string]any{
		"count": result.Count, "pages": result.Pages, "duplicates_dropped": result.DuplicatesDropped, "truncated": result.Truncated,
	})
	warnIfTruncated(&resp.Diagnostics, result.Truncated, l.noun, maxResults.ValueInt64(), result.Count)
	resp.Diagnostics.Append(setState(ctx, &resp.State, config, map[string]tftypes.Value{
		"id":        stringValue(id),
		"truncated": boolValue(result.Truncated),
		"ids":       ids,
		l.attribute: items,
	})...)
}
