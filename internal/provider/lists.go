package provider

import (
	"fmt"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
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
