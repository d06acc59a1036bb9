package acctest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// ContractField is a documented field of a record as the contract's schema
// (internal/sandbox/fixture.schema.json) writes it: tests take their field
// lists from here, never from the code under test.
type ContractField struct {
	Name string
	// Types are the JSON types the schema allows: "string", "integer",
	// "object", "null", …
	Types []string
	// Fields are an object's own documented fields.
	Fields []ContractField
}

// Nullable reports whether the contract allows null.
func (f ContractField) Nullable() bool { return slices.Contains(f.Types, "null") }

// Kind is the field's type other than null.
func (f ContractField) Kind() string {
	for _, t := range f.Types {
		if t != "null" {
			return t
		}
	}
	return ""
}

// ContractRecords are the records of the schema, by its name for each
// ("conversation", "contact", "label", "me"), each with its required fields
// in the schema's order.
// The schema is read and walked once per test binary: RecordChecks asks for
// it for every record it checks. Callers share the result: read it, never change it.
func ContractRecords() (map[string][]ContractField, error) { return contractRecords() }

var contractRecords = sync.OnceValues(readContractRecords)

func readContractRecords() (map[string][]ContractField, error) {
	raw, err := os.ReadFile(schemaFile())
	if err != nil {
		return nil, err
	}
	var schema schemaNode
	if err := json.Unmarshal(raw, &schema); err != nil {
		return nil, err
	}
	out := map[string][]ContractField{}
	for _, name := range []string{"conversation", "contact", "label", "me"} {
		def, ok := schema.Defs[name]
		if !ok {
			return nil, fmt.Errorf("the schema has no $defs/%s", name)
		}
		fields, err := schema.fields(def, name)
		if err != nil {
			return nil, err
		}
		out[name] = fields
	}
	return out, nil
}

// schemaFile is the sandbox's fixture.schema.json, found from this file.
func schemaFile() string {
	_, self, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(self), "..", "sandbox", "fixture.schema.json")
}

type schemaNode struct {
	Ref        string                 `json:"$ref"`
	Type       json.RawMessage        `json:"type"`
	Const      json.RawMessage        `json:"const"`
	Enum       []json.RawMessage      `json:"enum"`
	Required   []string               `json:"required"`
	Properties map[string]*schemaNode `json:"properties"`
	Defs       map[string]*schemaNode `json:"$defs"`
}

func (root *schemaNode) resolve(n *schemaNode) (*schemaNode, error) {
	for hops := 0; n.Ref != ""; hops++ {
		if hops > len(root.Defs) {
			return nil, fmt.Errorf("$ref %q is a cycle", n.Ref)
		}
		name, ok := strings.CutPrefix(n.Ref, "#/$defs/")
		if !ok || root.Defs[name] == nil {
			return nil, fmt.Errorf("unresolvable $ref %q", n.Ref)
		}
		n = root.Defs[name]
	}
	return n, nil
}

// types are the JSON types a node allows; a const or enum of strings is a
// string.
func (n *schemaNode) types() ([]string, error) {
	switch {
	case len(n.Type) > 0 && n.Type[0] == '[':
		var ts []string
		return ts, json.Unmarshal(n.Type, &ts)
	case len(n.Type) > 0:
		var t string
		return []string{t}, json.Unmarshal(n.Type, &t)
	case len(n.Const) > 0:
		return []string{jsonType(n.Const)}, nil
	case len(n.Enum) > 0:
		var ts []string
		for _, v := range n.Enum {
			if t := jsonType(v); !slices.Contains(ts, t) {
				ts = append(ts, t)
			}
		}
		return ts, nil
	}
	return nil, fmt.Errorf("a node without a type")
}

// jsonType is the JSON type of a literal value.
func jsonType(v json.RawMessage) string {
	switch v[0] {
	case '"':
		return "string"
	case 'n':
		return "null"
	case 't', 'f':
		return "boolean"
	case '{':
		return "object"
	case '[':
		return "array"
	}
	if bytes.ContainsAny(v, ".eE") {
		return "number"
	}
	return "integer"
}

func (root *schemaNode) fields(n *schemaNode, where string) ([]ContractField, error) {
	n, err := root.resolve(n)
	if err != nil {
		return nil, err
	}
	// The contract documents every field as present: a property outside
	// required would be a field no table is held to.
	for name := range n.Properties {
		if !slices.Contains(n.Required, name) {
			return nil, fmt.Errorf("%s.%s is documented but not required: the contract's fields are always present", where, name)
		}
	}
	var out []ContractField
	for _, name := range n.Required {
		property, ok := n.Properties[name]
		if !ok {
			return nil, fmt.Errorf("%s.%s is required but has no properties entry", where, name)
		}
		property, err := root.resolve(property)
		if err != nil {
			return nil, err
		}
		f := ContractField{Name: name}
		if f.Types, err = property.types(); err != nil {
			return nil, fmt.Errorf("%s.%s: %w", where, name, err)
		}
		if kinds := slices.DeleteFunc(slices.Clone(f.Types), func(t string) bool { return t == "null" }); len(kinds) != 1 {
			return nil, fmt.Errorf("%s.%s allows the types %v: a field has one type, and may be null", where, name, f.Types)
		}
		if f.Kind() == "object" && len(property.Required) > 0 {
			if f.Fields, err = root.fields(property, where+"."+name); err != nil {
				return nil, err
			}
		}
		out = append(out, f)
	}
	return out, nil
}
