package dedup

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// A resumable out-of-core run (Options.SpillDir) keeps its files in a
// directory the user names, with a manifest saying how far the run got, so
// that a run interrupted at any point (Ctrl-C, kill, a crash, the machine
// going down after the files reached the disk) starts again from its last
// checkpoint instead of from nothing:
//
//	reading     every time the band-key buffer is full: the documents
//	            file up to a document, the band-key and content-hash runs
//	            holding exactly the documents before it, and the counts;
//	            a rerun skips the records before it undecoded
//	read        all inputs read: a rerun goes straight to the merges
//	candidates  the candidate pairs written (the band runs are deleted)
//	sets        the candidates' shingle sets written: a rerun only
//	            verifies and clusters
//
// Everything after the last checkpoint is done again; files it had begun
// are deleted first. The manifest carries a fingerprint of the inputs
// (every file's path, size and modification time) and of the options that
// shape the files, and a directory whose manifest does not match is
// refused, never overwritten.

// manifestName is the manifest's file name in the spill directory.
const manifestName = "manifest.json"

// spillVersion changes whenever the files' layout does.
const spillVersion = 1

// The stages a manifest records, in order.
const (
	stageReading    = "reading"
	stageRead       = "read"
	stageCandidates = "candidates"
	stageSets       = "sets"
)

// manifest is a spill directory's record of how far its run got.
type manifest struct {
	Version     int    `json:"version"`
	Fingerprint string `json:"fingerprint"`
	// Created is set when the run made the directory, which Close then
	// removes once it is empty.
	Created bool   `json:"created"`
	Stage   string `json:"stage"`
	// Docs documents and DocsBytes bytes of the documents file are
	// written, from the records before NextRec.
	Docs      int   `json:"docs"`
	DocsBytes int64 `json:"docs_bytes"`
	NextRec   int   `json:"next_record"`
	// Stats are the run's counts as of the checkpoint.
	Stats    Stats    `json:"stats"`
	BandRuns []string `json:"band_runs"`
	HashRuns []string `json:"hash_runs"`
	// Spilled counts bytes written to runs already deleted.
	Spilled    int64 `json:"spilled"`
	Candidates int   `json:"candidates"`
	// SetDocs entries of the sets index, SetsBytes bytes of shingle sets.
	SetDocs   int   `json:"set_docs"`
	SetsBytes int64 `json:"sets_bytes"`
	// Resumed counts the times the run was taken up again.
	Resumed int `json:"resumed"`
}

// ErrSpillDir reports a spill directory that holds something other than
// this run's files.
var ErrSpillDir = errors.New("dedup: spill directory not usable")

// fingerprint identifies the inputs and the options that shape a run's
// spilled files: the signature parameters, the error policy, how records
// are read, and every input file's path, size and modification time.
func fingerprint(paths []string, o *Options) (string, error) {
	type file struct {
		Path  string `json:"path"`
		Size  int64  `json:"size"`
		MTime int64  `json:"mtime"`
	}
	fp := struct {
		Version int
		Params  any
		OnError OnError
		Ingest  any
		Files   []file
	}{Version: spillVersion, Params: o.Params, OnError: o.OnError}
	if in := o.Ingest; in != nil {
		fp.Ingest = []any{in.Format, in.IDField, in.TextField, in.TitleField, in.DateField,
			in.Charset, in.Content, in.MaxRecordBytes, in.KeepMail}
	}
	for _, p := range paths {
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			fi, err := d.Info()
			if err != nil {
				return err
			}
			abs, err := filepath.Abs(path)
			if err != nil {
				return err
			}
			fp.Files = append(fp.Files, file{abs, fi.Size(), fi.ModTime().UnixNano()})
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	b, err := json.Marshal(fp)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// spillFile reports whether name is one a run writes in its spill
// directory, and so one it may delete.
func spillFile(name string) bool {
	switch name {
	case manifestName, manifestName + ".tmp", "docs", "cands", "sets", "sets.idx":
		return true
	}
	return strings.HasSuffix(name, ".run") && (strings.HasPrefix(name, "bands-") || strings.HasPrefix(name, "hashes-"))
}

// openSpillDir prepares dir for a run with fingerprint fp: a new or empty
// directory starts a run; one whose manifest matches resumes it, after its
// files from beyond the last checkpoint are deleted; anything else is
// refused.
func openSpillDir(dir, fp string) (*manifest, error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		return &manifest{Version: spillVersion, Fingerprint: fp, Created: true, Stage: stageReading}, nil
	case err != nil:
		return nil, err
	case len(entries) == 0:
		return &manifest{Version: spillVersion, Fingerprint: fp, Stage: stageReading}, nil
	}
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s is not empty and holds no run's manifest; name an empty or new directory", ErrSpillDir, dir)
	}
	if err != nil {
		return nil, err
	}
	m := &manifest{}
	if err := json.Unmarshal(b, m); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrSpillDir, filepath.Join(dir, manifestName), err)
	}
	if m.Version != spillVersion || m.Fingerprint != fp {
		return nil, fmt.Errorf("%w: %s holds the files of a run of other inputs or options (or inputs changed since); remove it or name another", ErrSpillDir, dir)
	}
	keep := map[string]bool{manifestName: true, "docs": true}
	for _, r := range m.HashRuns {
		keep[r] = true
	}
	if m.Stage == stageReading || m.Stage == stageRead {
		for _, r := range m.BandRuns {
			keep[r] = true
		}
	}
	if m.Stage == stageCandidates || m.Stage == stageSets {
		keep["cands"] = true
	}
	if m.Stage == stageSets {
		keep["sets"], keep["sets.idx"] = true, true
	}
	for _, e := range entries {
		if name := e.Name(); spillFile(name) && !keep[name] {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				return nil, err
			}
		}
	}
	m.Resumed++
	return m, nil
}

// save writes the manifest so that it is whole on disk or not there: to a
// temporary name, synced, then renamed over the last.
func (m *manifest) save(dir string) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, manifestName+".tmp")
	if err := writeSynced(tmp, append(b, '\n')); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, manifestName))
}

// removeSpillDir deletes a finished run's files, and the directory when
// the run made it and nothing else is in it.
func removeSpillDir(dir string, created bool) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range entries {
		if spillFile(e.Name()) {
			errs = append(errs, os.Remove(filepath.Join(dir, e.Name())))
		}
	}
	if created {
		if rest, _ := os.ReadDir(dir); len(rest) == 0 {
			errs = append(errs, os.Remove(dir))
		}
	}
	return errors.Join(errs...)
}

// The sets index: per candidate document, its number, the offset of its
// set in the sets file and its length in shingles.
const setIndexEntry = 4 + 8 + 4

func (s *setStore) saveIndex(path string) error {
	b := make([]byte, setIndexEntry*len(s.docs))
	for i, d := range s.docs {
		e := b[setIndexEntry*i:]
		binary.LittleEndian.PutUint32(e, d)
		binary.LittleEndian.PutUint64(e[4:], uint64(s.offs[i]))
		binary.LittleEndian.PutUint32(e[12:], uint32(s.lens[i]))
	}
	return writeSynced(path, b)
}

// writeSynced writes b to the file path and syncs it: what a manifest
// lists must be on disk before it.
func writeSynced(path string, b []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// openSetStore opens the sets a run wrote before it was interrupted.
func openSetStore(dir string, n int, bytes int64) (*setStore, error) {
	b, err := os.ReadFile(filepath.Join(dir, "sets.idx"))
	if err != nil {
		return nil, err
	}
	if len(b) != n*setIndexEntry {
		return nil, fmt.Errorf("%w: %s is %d bytes, want %d", ErrSpillDir, filepath.Join(dir, "sets.idx"), len(b), n*setIndexEntry)
	}
	f, err := os.Open(filepath.Join(dir, "sets"))
	if err != nil {
		return nil, err
	}
	s := &setStore{f: f, bytes: bytes, docs: make([]uint32, n), offs: make([]int64, n), lens: make([]int32, n)}
	for i := range n {
		e := b[setIndexEntry*i:]
		s.docs[i] = binary.LittleEndian.Uint32(e)
		s.offs[i] = int64(binary.LittleEndian.Uint64(e[4:]))
		s.lens[i] = int32(binary.LittleEndian.Uint32(e[12:]))
	}
	return s, nil
}

// syncFile flushes w and syncs f: what a checkpoint lists must be on disk.
func syncFile(w interface{ Flush() error }, f *os.File) error {
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Sync()
}
