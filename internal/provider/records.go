package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/statewire"
)

// A record's attributes are described once, in a table of attribute rows
// over the client's record type R (conversations.go's conversationRecord and
// its siblings). Everything the provider does with a record is derived from
// its table: the schema's nested attributes (and so the ephemeral twin's),
// the object type, the framework-path value and the streamed wire encoding.
// Adding a field is one row; TestRecordTablesFollowTheContract holds every
// table to fixture.schema.json.

// attribute is one row of a record table.
type attribute[R any] interface {
	// shape is the row as the contract sees it: name, kind, nullability.
	shape() attributeShape
	schemaAttribute() schema.Attribute
	attrType() attr.Type
	// value is the attribute's framework value for the record.
	value(*R) attr.Value
	// encode writes the attribute's name and value.
	encode(*statewire.Wire, *R)
}

// attributeShape is what the contract says of an attribute.
type attributeShape struct {
	name     string
	kind     string // "string", "integer" or "object"
	nullable bool
	nested   []attributeShape
}

// record is a record's table: its attributes, in the API's order.
type record[R any] []attribute[R]

// attributes are the schema's nested attributes.
func (r record[R]) attributes() map[string]schema.Attribute {
	out := make(map[string]schema.Attribute, len(r))
	for _, a := range r {
		out[a.shape().name] = a.schemaAttribute()
	}
	return out
}

func (r record[R]) attrTypes() map[string]attr.Type {
	out := make(map[string]attr.Type, len(r))
	for _, a := range r {
		out[a.shape().name] = a.attrType()
	}
	return out
}

func (r record[R]) objectType() types.ObjectType { return types.ObjectType{AttrTypes: r.attrTypes()} }

// value is the record as a framework object.
func (r record[R]) value(v *R) types.Object {
	values := make(map[string]attr.Value, len(r))
	for _, a := range r {
		values[a.shape().name] = a.value(v)
	}
	return types.ObjectValueMust(r.attrTypes(), values)
}

// encode writes the record as an object.
func (r record[R]) encode(w *statewire.Wire, v *R) {
	w.Object(len(r))
	for _, a := range r {
		a.encode(w, v)
	}
	w.End()
}

func (r record[R]) shapes() []attributeShape {
	out := make([]attributeShape, len(r))
	for i, a := range r {
		out[i] = a.shape()
	}
	return out
}

// text is a string the API always sends.
func text[R any](name, description string, get func(*R) string) attribute[R] {
	return textRow[R]{name: name, description: description, get: get}
}

type textRow[R any] struct {
	name, description string
	get               func(*R) string
}

func (a textRow[R]) shape() attributeShape { return attributeShape{name: a.name, kind: "string"} }
func (a textRow[R]) schemaAttribute() schema.Attribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: a.description}
}
func (a textRow[R]) attrType() attr.Type            { return types.StringType }
func (a textRow[R]) value(v *R) attr.Value          { return types.StringValue(a.get(v)) }
func (a textRow[R]) encode(w *statewire.Wire, v *R) { w.Name(a.name); w.String(a.get(v)) }

// nullableText is a string the API may send as null.
func nullableText[R any](name, description string, get func(*R) *string) attribute[R] {
	return nullableTextRow[R]{name: name, description: description, get: get}
}

type nullableTextRow[R any] struct {
	name, description string
	get               func(*R) *string
	// normalizedJSON makes the attribute a jsontypes.Normalized: JSON text,
	// a string on the wire.
	normalizedJSON bool
}

func (a nullableTextRow[R]) shape() attributeShape {
	if a.normalizedJSON {
		return attributeShape{name: a.name, kind: "object", nullable: true}
	}
	return attributeShape{name: a.name, kind: "string", nullable: true}
}

func (a nullableTextRow[R]) schemaAttribute() schema.Attribute {
	if a.normalizedJSON {
		return schema.StringAttribute{Computed: true, CustomType: jsontypes.NormalizedType{}, MarkdownDescription: a.description}
	}
	return schema.StringAttribute{Computed: true, MarkdownDescription: a.description}
}

func (a nullableTextRow[R]) attrType() attr.Type {
	if a.normalizedJSON {
		return jsontypes.NormalizedType{}
	}
	return types.StringType
}

func (a nullableTextRow[R]) value(v *R) attr.Value {
	if a.normalizedJSON {
		return jsontypes.NewNormalizedPointerValue(a.get(v))
	}
	return types.StringPointerValue(a.get(v))
}

func (a nullableTextRow[R]) encode(w *statewire.Wire, v *R) {
	w.Name(a.name)
	if s := a.get(v); s != nil {
		w.String(*s)
	} else {
		w.Null()
	}
}

// jsonText is a JSON object the API may send as null, kept as its text
// (get gives it compact, or nil for null).
func jsonText[R any](name, description string, get func(*R) *string) attribute[R] {
	return nullableTextRow[R]{name: name, description: description, get: get, normalizedJSON: true}
}

// integer is a whole number the API always sends.
func integer[R any](name, description string, get func(*R) int64) attribute[R] {
	return integerRow[R]{name: name, description: description, get: get}
}

type integerRow[R any] struct {
	name, description string
	get               func(*R) int64
}

func (a integerRow[R]) shape() attributeShape { return attributeShape{name: a.name, kind: "integer"} }
func (a integerRow[R]) schemaAttribute() schema.Attribute {
	return schema.Int64Attribute{Computed: true, MarkdownDescription: a.description}
}
func (a integerRow[R]) attrType() attr.Type            { return types.Int64Type }
func (a integerRow[R]) value(v *R) attr.Value          { return types.Int64Value(a.get(v)) }
func (a integerRow[R]) encode(w *statewire.Wire, v *R) { w.Name(a.name); w.Int(a.get(v)) }

// object is a nested object with a table of its own; get gives nil for
// null. nullable says whether the contract lets the API send null (the
// client then gives nil); an object that is never null is never nil.
func object[R, N any](name, description string, nullable bool, fields record[N], get func(*R) *N) attribute[R] {
	return objectRow[R, N]{name: name, description: description, nullable: nullable, fields: fields, get: get}
}

type objectRow[R, N any] struct {
	name, description string
	nullable          bool
	fields            record[N]
	get               func(*R) *N
}

func (a objectRow[R, N]) shape() attributeShape {
	return attributeShape{name: a.name, kind: "object", nullable: a.nullable, nested: a.fields.shapes()}
}

func (a objectRow[R, N]) schemaAttribute() schema.Attribute {
	return schema.SingleNestedAttribute{Computed: true, MarkdownDescription: a.description, Attributes: a.fields.attributes()}
}

func (a objectRow[R, N]) attrType() attr.Type { return a.fields.objectType() }

func (a objectRow[R, N]) value(v *R) attr.Value {
	if n := a.get(v); n != nil {
		return a.fields.value(n)
	}
	return types.ObjectNull(a.fields.attrTypes())
}

func (a objectRow[R, N]) encode(w *statewire.Wire, v *R) {
	w.Name(a.name)
	if n := a.get(v); n != nil {
		a.fields.encode(w, n)
	} else {
		w.Null()
	}
}
