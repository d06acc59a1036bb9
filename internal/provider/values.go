package provider

import (
	"context"
	"fmt"
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

// pageConverter turns pages of items into list values on a goroutine of its
// own, so that converting one page overlaps fetching the next: the drain
// waits on the network, the conversion on the CPU.
type pageConverter[T any] struct {
	pages chan []T
	done  chan struct{}
	ids   []tftypes.Value
	elems []tftypes.Value
	err   error
}

// convertPages starts a converter; value builds an item's element from the
// item and its id value, which the ids list shares.
func convertPages[T any](id func(*T) string, value func(*T, tftypes.Value) tftypes.Value) *pageConverter[T] {
	pc := &pageConverter[T]{pages: make(chan []T, 4), done: make(chan struct{})}
	go func() {
		defer close(pc.done)
		defer func() {
			// A panic here would take the plugin down without a word: make it
			// an error the user sees instead.
			if r := recover(); r != nil {
				pc.err = fmt.Errorf("converting the API's answer failed: %v", r)
				for range pc.pages { // drain, so that senders never block
				}
			}
		}()
		for page := range pc.pages {
			for i := range page {
				idValue := stringValue(id(&page[i]))
				pc.ids = append(pc.ids, idValue)
				pc.elems = append(pc.elems, value(&page[i], idValue))
			}
		}
	}()
	return pc
}

// add hands a page over; it is the client's EachPage callback.
func (pc *pageConverter[T]) add(page []T) error {
	pc.pages <- page
	return nil
}

// lists waits for the last page and returns the ids and the elements as
// lists. It must be called once, also when the drain failed.
func (pc *pageConverter[T]) lists(elemType tftypes.Object) (ids, list tftypes.Value, err error) {
	close(pc.pages)
	<-pc.done
	if pc.err != nil {
		return ids, list, pc.err
	}
	if pc.ids == nil {
		pc.ids, pc.elems = []tftypes.Value{}, []tftypes.Value{}
	}
	return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, pc.ids),
		tftypes.NewValue(tftypes.List{ElementType: elemType}, pc.elems), nil
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
