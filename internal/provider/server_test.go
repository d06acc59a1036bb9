package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
)

// panicking is a data source whose read panics with the key in the message.
type panicking struct{ key string }

func (p panicking) readWire(context.Context, tfsdk.Config) ([]byte, diag.Diagnostics) {
	panic("boom while holding " + p.key)
}

func TestADirectReadThatPanicsIsAnErrorWithoutTheKey(t *testing.T) {
	const key = "kdv_live_PanicPanicPanicPanicPan1"
	directReads["kirimchat_test_panics"] = directRead{
		schema: func() schema.Schema {
			return schema.Schema{Attributes: map[string]schema.Attribute{"id": schema.StringAttribute{Computed: true}}}
		},
		newDataSource: func(*providerData) wireReader { return panicking{key: key} },
	}
	t.Cleanup(func() { delete(directReads, "kirimchat_test_panics") })

	p := &kirimchatProvider{}
	p.configured.Store(&configuration{data: &providerData{apiKey: key}})
	s := &server{provider: p}
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String}}
	config, _ := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, nil)}))

	resp, err := s.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{TypeName: "kirimchat_test_panics", Config: &config})
	if err != nil || resp == nil || len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityError {
		t.Fatalf("want one error diagnostic, got %+v, %v", resp, err)
	}
	d := resp.Diagnostics[0]
	if strings.Contains(d.Summary+d.Detail, key) || !strings.Contains(d.Detail, "boom while holding [REDACTED]") {
		t.Fatalf("unexpected diagnostic: %s: %s", d.Summary, d.Detail)
	}
}

func TestAPanicWhileEncodingPagesIsAnErrorAndNeverBlocksTheDrain(t *testing.T) {
	sch := schema.Schema{Attributes: map[string]schema.Attribute{
		"id": queryIDAttribute(), "ids": idsAttribute("numbers"), "truncated": truncatedAttribute("numbers"),
		"max_results": maxResultsAttribute("numbers"),
		"numbers":     schema.ListAttribute{Computed: true, ElementType: types.Int64Type},
	}}
	l := listRead[int]{
		noun: "number", attribute: "numbers", schema: schemaType(sch),
		id:     func(*int) string { return "n" },
		encode: func(*wire, *int) { panic("cannot encode") },
	}
	client, err := kirimchat.New(kirimchat.Config{APIKey: "k", BaseURL: "https://api.invalid/v1"})
	if err != nil {
		t.Fatal(err)
	}
	typ := schemaType(sch)
	nulls := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		nulls[name] = tftypes.NewValue(at, nil)
	}
	config := tfsdk.Config{Schema: sch, Raw: tftypes.NewValue(typ, nulls)}

	pagesSent := 0
	_, diags := l.readWire(context.Background(), &providerData{client: client, apiKey: "k"}, config,
		func(_ context.Context, _ *kirimchat.Client, _ listQuery, eachPage func([]int) error) (kirimchat.ListResult[int], error) {
			for range 20 { // more pages than the channel holds: the drain must not block
				_ = eachPage([]int{1, 2})
				pagesSent++
			}
			return kirimchat.ListResult[int]{Count: 40}, nil
		})
	if pagesSent != 20 || !diags.HasError() || !strings.Contains(diags[0].Detail(), "converting the API's answer failed: cannot encode") {
		t.Fatalf("pages %d, diagnostics %v", pagesSent, diags)
	}
}

func TestRecoverPanicTurnsAPanicIntoAnErrorWithoutTheKey(t *testing.T) {
	const key = "kdv_live_PanicPanicPanicPanicPan2"
	var diags diag.Diagnostics
	func() {
		defer (&providerData{apiKey: key}).recoverPanic(&diags, "kirimchat_me")
		panic("lost " + key)
	}()
	if diags.ErrorsCount() != 1 || strings.Contains(diags[0].Detail(), key) || !strings.Contains(diags[0].Detail(), "kirimchat_me stopped: lost [REDACTED]") {
		t.Fatalf("got %v", diags)
	}
}
