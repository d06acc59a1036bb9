package sandbox

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestContractCitesCodeThatExists keeps CONTRACT.md honest as code moves:
// every test, fuzz target and Go file it cites exists in the repository.
func TestContractCitesCodeThatExists(t *testing.T) {
	contract, err := os.ReadFile("CONTRACT.md")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]bool{} // base names of the Go files under internal/ and cmd/
	var code strings.Builder
	for _, root := range []string{"..", "../../cmd"} {
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
				return err
			}
			b, err := os.ReadFile(path)
			files[filepath.Base(path)] = true
			code.Write(b)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	all := code.String()

	cited := 0
	for _, name := range regexp.MustCompile("`((?:Test|Fuzz)[A-Za-z0-9_]+)`").FindAllStringSubmatch(string(contract), -1) {
		cited++
		if !regexp.MustCompile(`func ` + name[1] + `\(`).MatchString(all) {
			t.Errorf("CONTRACT.md cites %s, which no test file defines", name[1])
		}
	}
	for _, file := range regexp.MustCompile("`(?:[a-z]+/)?([a-z_0-9]+\\.go)`").FindAllStringSubmatch(string(contract), -1) {
		cited++
		if !files[file[1]] {
			t.Errorf("CONTRACT.md cites %s, which does not exist under internal/ or cmd/", file[1])
		}
	}
	if cited < 40 {
		t.Fatalf("only %d citations found; has the table's form changed?", cited)
	}
}
