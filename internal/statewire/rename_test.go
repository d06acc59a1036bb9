package statewire

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// renameRoot moves one attribute's value to its other name, whatever the
// object holds: values, null, unknown.
func TestRenameRootKeepsEveryValue(t *testing.T) {
	declared := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"count_attribute": tftypes.Number, "id": tftypes.String}}
	served := renamedType(declared, "count_attribute", "count")
	for name, value := range map[string]tftypes.Value{
		"known":   tftypes.NewValue(declared, map[string]tftypes.Value{"count_attribute": tftypes.NewValue(tftypes.Number, 7), "id": tftypes.NewValue(tftypes.String, "all")}),
		"inner":   tftypes.NewValue(declared, map[string]tftypes.Value{"count_attribute": tftypes.NewValue(tftypes.Number, tftypes.UnknownValue), "id": tftypes.NewValue(tftypes.String, nil)}),
		"null":    tftypes.NewValue(declared, nil),
		"unknown": tftypes.NewValue(declared, tftypes.UnknownValue),
	} {
		in, err := tfprotov6.NewDynamicValue(declared, value)
		if err != nil {
			t.Fatal(err)
		}
		out, err := renameRoot(&in, typeOf(declared), "count_attribute", "count")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := out.Unmarshal(served)
		if err != nil {
			t.Fatalf("%s: the renamed value is not of the served type: %v", name, err)
		}
		back, err := renameRoot(out, typeOf(served), "count", "count_attribute")
		if err != nil {
			t.Fatal(err)
		}
		again, err := back.Unmarshal(declared)
		if err != nil || !again.Equal(value) {
			t.Errorf("%s: renamed there and back, %v became %v (%v); served as %v", name, value, again, err, got)
		}
	}
}

func TestRenameNamesTheServedAttributeInDiagnostics(t *testing.T) {
	r := Rename{DataSource: "x", Declared: "count_attribute", Served: "count"}
	diags := []*tfprotov6.Diagnostic{
		{Attribute: tftypes.NewAttributePath().WithAttributeName("count_attribute")},
		{Attribute: tftypes.NewAttributePath().WithAttributeName("id").WithAttributeName("count_attribute")},
		{},
	}
	r.inDiagnostics(diags)
	if got := diags[0].Attribute.String(); got != `AttributeName("count")` {
		t.Errorf("root path: %s", got)
	}
	if got := diags[1].Attribute.String(); got != `AttributeName("id").AttributeName("count_attribute")` {
		t.Errorf("a nested attribute of that name is another attribute: %s", got)
	}
}

func typeOf(typ tftypes.Object) func() (tftypes.Object, error) {
	return func() (tftypes.Object, error) { return typ, nil }
}

// A value that comes as JSON is decoded with the type and renamed too.
func TestRenameRootReadsJSON(t *testing.T) {
	declared := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"count_attribute": tftypes.Number, "id": tftypes.String}}
	out, err := renameRoot(&tfprotov6.DynamicValue{JSON: []byte(`{"count_attribute":7,"id":"all"}`)}, typeOf(declared), "count_attribute", "count")
	if err != nil {
		t.Fatal(err)
	}
	got, err := out.Unmarshal(renamedType(declared, "count_attribute", "count"))
	if err != nil {
		t.Fatal(err)
	}
	want := tftypes.NewValue(renamedType(declared, "count_attribute", "count"), map[string]tftypes.Value{
		"count": tftypes.NewValue(tftypes.Number, 7), "id": tftypes.NewValue(tftypes.String, "all")})
	if !got.Equal(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
