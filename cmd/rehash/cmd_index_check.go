package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/rehashdev/rehash/index"
	"github.com/spf13/cobra"
)

func newIndexCheckCmd(stdout io.Writer) *cobra.Command {
	o := &indexOpts{}
	c := &cobra.Command{
		Use:   "check --index DIR",
		Short: "Verify an index and name any damage",
		Long: `Opens the index read-only (beside a running rehash serve's readers, not
while it writes), reads every entry and checks that they agree: records
decode, every posting, anchor, order entry and text belongs to a record
that lists it, the count is right, and every block's checksum holds.
Prints {"ok": true, "docs": N} or names the damage (the damaged file and
key range, or the first inconsistent entry) and exits 1. Damage to the
write-ahead logs, which recovery drops, is reported at open by every
index command. See "rehash index repair".`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			o.open.ReadOnly = true
			ix, err := o.openIndex()
			if err != nil {
				return err
			}
			defer ix.Close()
			cerr := ix.Check(c.Context())
			st, _ := ix.Stats()
			out := map[string]any{"ok": cerr == nil, "docs": st.Docs}
			if cerr != nil {
				out["error"] = cerr.Error()
				if d := ix.Damage(); len(d) > 0 {
					out["damage"] = d
				}
			}
			if w := ix.Warnings(); len(w) > 0 {
				out["recovery"] = w
			}
			if err := json.NewEncoder(stdout).Encode(out); err != nil {
				return err
			}
			if cerr != nil {
				return fmt.Errorf("%s is damaged; rebuild it with rehash index repair --index %s --out NEWDIR", o.dir, o.dir)
			}
			return nil
		},
	}
	indexFlags(c, o, 0)
	return c
}

func newIndexRepairCmd(stdout io.Writer) *cobra.Command {
	o := &indexOpts{}
	var out string
	c := &cobra.Command{
		Use:   "repair --index DIR --out NEWDIR",
		Short: "Rebuild a damaged index into a new directory from its stored texts",
		Long: `Reads every document text the damaged index still holds (stepping over
damaged blocks), analyzes each again and adds it, with its metadata where
its record is readable, to a new index in --out (absent or empty) with the
same parameters. The damaged index is opened read-only and left as it
was: check the report, then swap the directories. Prints a JSON report:
recovered, lost (documents whose record survived but text did not), and
the key ranges skipped.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if o.dir == "" || out == "" {
				return usageError{errors.New("--index and --out are required")}
			}
			rep, err := index.Repair(c.Context(), o.dir, out)
			if err != nil {
				return err
			}
			return json.NewEncoder(stdout).Encode(map[string]any{"recovered": rep.Recovered,
				"lost": rep.LostCount, "lost_ids": rep.Lost, "skipped": rep.Skipped})
		},
	}
	indexFlags(c, o, 0)
	c.Flags().StringVar(&out, "out", "", "directory for the rebuilt index (absent or empty; required)")
	return c
}
