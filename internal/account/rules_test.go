package account

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"testing"
)

// TestEveryActionHasARule reads the package's source for the actions it
// declares and checks that a chapter of the rule book decides each one, so
// that a new action cannot be added without its rule (it would be refused
// to everyone but platform admins, silently).
func TestEveryActionHasARule(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var actions []Action
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			spec, ok := n.(*ast.ValueSpec)
			if !ok || spec.Type == nil {
				return true
			}
			if id, ok := spec.Type.(*ast.Ident); !ok || id.Name != "Action" {
				return true
			}
			for _, v := range spec.Values {
				if lit, ok := v.(*ast.BasicLit); ok {
					s, _ := strconv.Unquote(lit.Value)
					actions = append(actions, Action(s))
				}
			}
			return true
		})
	}
	if len(actions) < 20 {
		t.Fatalf("found only %d actions: the test no longer reads them", len(actions))
	}
	seen := map[Action]bool{}
	for _, a := range actions {
		if seen[a] {
			t.Errorf("action %q is declared twice", a)
		}
		seen[a] = true
		known := 0
		for _, decide := range areaRules {
			if _, ok := decide(Facts{PlatformRole: RoleMember}, a); ok {
				known++
			}
		}
		if known != 1 {
			t.Errorf("action %q is decided by %d chapters of the rule book, want 1", a, known)
		}
	}
}
