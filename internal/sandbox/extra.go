package sandbox

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
)

// Extra is what a record holds beyond the contract's fields: the API may add
// fields at any time, and a fixture may carry them at any depth. They are
// kept verbatim, and served back as they came.
type Extra map[string]json.RawMessage

// The documented fields of every record are the json tags of its type: the
// type is the one list. They are read once, here, by reflection.
var (
	extraType = reflect.TypeFor[Extra]()
	// knownByType holds each record type's documented fields, in order.
	knownByType = map[reflect.Type][]string{}
	// knownByPath holds them by record path: "conversation",
	// "conversation.contact", "me.api_key" and so on.
	knownByPath = map[string][]string{}
)

func init() {
	for name, t := range map[string]reflect.Type{
		"conversation": reflect.TypeFor[Conversation](),
		"contact":      reflect.TypeFor[Contact](),
		"label":        reflect.TypeFor[Label](),
		"me":           reflect.TypeFor[Me](),
	} {
		learnFields(name, t)
	}
}

// learnFields records the documented fields of the record type t at path,
// and of every record nested in it (a struct, or a pointer to one, that
// carries an Extra).
func learnFields(path string, t reflect.Type) {
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || name == "" || !f.IsExported() {
			continue
		}
		names = append(names, name)
		if nested := f.Type; isRecord(nested) {
			learnFields(path+"."+name, deref(nested))
		} else if nested.Kind() == reflect.Pointer && isRecord(nested.Elem()) {
			learnFields(path+"."+name, nested.Elem())
		}
	}
	knownByType[t] = names
	knownByPath[path] = names
}

func deref(t reflect.Type) reflect.Type {
	if t.Kind() == reflect.Pointer {
		return t.Elem()
	}
	return t
}

// isRecord reports whether t is one of the sandbox's record types: a struct
// that keeps its undocumented fields in an Extra.
func isRecord(t reflect.Type) bool {
	if t.Kind() != reflect.Struct {
		return false
	}
	f, ok := t.FieldByName("Extra")
	return ok && f.Type == extraType
}

// knownOf is the documented fields of the record type T.
func knownOf[T any]() []string { return knownByType[reflect.TypeFor[T]()] }

// KnownFields returns the documented fields of every record the sandbox
// serves, in the contract's order, by record path: "conversation",
// "conversation.contact", "conversation.whatsapp_account",
// "conversation.assignee", "contact", "contact.whatsapp_account", "label",
// "me", "me.organization", "me.api_key" and "me.rate_limits". They are the
// records' json tags, so they are what the sandbox serves and what a fixture
// must hold; every other member is kept as an extra.
func KnownFields() map[string][]string {
	out := make(map[string][]string, len(knownByPath))
	for path, names := range knownByPath {
		out[path] = slices.Clone(names)
	}
	return out
}

// marshalWithExtra writes documented (a record without its Extra) and then
// its extras; a documented field wins over an extra of the same name.
func marshalWithExtra(documented any, extra Extra) ([]byte, error) {
	base, err := json.Marshal(documented)
	if err != nil || len(extra) == 0 {
		return base, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(base, &fields); err != nil {
		return nil, err
	}
	for name, value := range extra {
		if _, documented := fields[name]; !documented {
			fields[name] = value
		}
	}
	return json.Marshal(fields)
}

// unmarshalWithExtra reads data into documented, and returns the members
// whose names are not among known, verbatim (nil when there are none).
func unmarshalWithExtra(data []byte, documented any, known []string) (Extra, error) {
	if err := json.Unmarshal(data, documented); err != nil {
		return nil, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return nil, err
	}
	extra := Extra{}
	for name, value := range all {
		if !slices.Contains(known, name) {
			extra[name] = value
		}
	}
	if len(extra) == 0 {
		return nil, nil
	}
	return extra, nil
}
