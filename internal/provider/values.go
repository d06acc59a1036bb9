package provider

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// State values are built as tftypes values, directly. The framework's
// reflection-based State.Set cost about twenty times the drain itself on a
// list of 10,000 conversations (see bench_test.go), and long lists are the
// provider's hot path. The types come from each schema, so the two cannot
// drift; a mismatch is a bug that every acceptance test would catch.

func stringValue(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// nullString is shared: a null carries no data, and lists of thousands of
// conversations hold many.
var nullString = tftypes.NewValue(tftypes.String, nil)

func nullableString(p *string) tftypes.Value {
	if p == nil {
		return nullString
	}
	return tftypes.NewValue(tftypes.String, *p)
}

func numberValue(n int64) tftypes.Value { return tftypes.NewValue(tftypes.Number, n) }

func boolValue(b bool) tftypes.Value { return tftypes.NewValue(tftypes.Bool, b) }

func objectValue(t tftypes.Object, attrs map[string]tftypes.Value) tftypes.Value {
	return tftypes.NewValue(t, attrs)
}

// nullableObject is null when p is nil, else the object attrs(p) describes.
func nullableObject[T any](t tftypes.Object, p *T, attrs func(*T) map[string]tftypes.Value) tftypes.Value {
	if p == nil {
		return tftypes.NewValue(t, nil)
	}
	return tftypes.NewValue(t, attrs(p))
}

// setState writes the whole state at once: every argument as configured, and
// the computed values.
func setState(ctx context.Context, state *tfsdk.State, config tfsdk.Config, computed map[string]tftypes.Value) diag.Diagnostics {
	var diags diag.Diagnostics
	var configured map[string]tftypes.Value
	if err := config.Raw.As(&configured); err != nil {
		diags.AddError("Unable to read the configuration", "This is a bug in the provider: "+err.Error())
		return diags
	}
	// As hands out the configuration's own map: copy it, never write to it.
	attrs := maps.Clone(configured)
	maps.Copy(attrs, computed)
	typ, ok := state.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		diags.AddError("Unexpected schema type", "This is a bug in the provider: a data source's schema is not an object.")
		return diags
	}
	state.Raw = tftypes.NewValue(typ, attrs)
	return diags
}

// schemaType is the object type of a data source's schema.
func schemaType(s schema.Schema) tftypes.Object {
	//nolint:forcetypeassert // a schema's type is always an object
	return s.Type().TerraformType(context.Background()).(tftypes.Object)
}

// elementType is the element type of a list-nested attribute.
func elementType(s schema.Schema, list string) tftypes.Object {
	//nolint:forcetypeassert // the schemas of this package define these types; every test fails otherwise
	return schemaType(s).AttributeTypes[list].(tftypes.List).ElementType.(tftypes.Object)
}

// attributeType is the type of an object attribute of t.
func attributeType(t tftypes.Object, name string) tftypes.Object {
	//nolint:forcetypeassert // the schemas of this package define these types; every test fails otherwise
	return t.AttributeTypes[name].(tftypes.Object)
}
