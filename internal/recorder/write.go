package recorder

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// WriteFile writes data to path whole or not at all: into a temporary file
// beside it, synced, then renamed over path. A failure leaves path as it
// was (absent, or the file it was) and no temporary file behind.
func WriteFile(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// CheckWritable fails when a file cannot be written beside path (a missing
// directory, no permission), so that a long recording does not find out
// at its end. It leaves nothing behind.
func CheckWritable(path string) error {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return fmt.Errorf("%s is a directory", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		var pathErr *os.PathError
		if errors.As(err, &pathErr) {
			return fmt.Errorf("cannot write beside %s: %w", path, pathErr.Err)
		}
		return err
	}
	_ = tmp.Close()
	return os.Remove(tmp.Name())
}
