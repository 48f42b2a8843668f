package report

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// A minimal Chrome DevTools Protocol client over --remote-debugging-pipe:
// Chromium reads JSON commands, each ended by a NUL byte, from file
// descriptor 3 and writes replies and events to descriptor 4. No network
// port is opened and no Go module beyond the standard library is needed.

// chromiumPath finds a Chromium binary: $REHASH_CHROMIUM, else chromium
// (Debian), chromium-browser or google-chrome on $PATH.
func chromiumPath() string {
	if p := os.Getenv("REHASH_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

type browser struct {
	t      testing.TB
	cmd    *exec.Cmd
	in     *os.File // Chromium's fd 3
	stderr bytes.Buffer

	mu      sync.Mutex
	next    int
	pending map[int]chan cdpMessage
	errs    []string // page exceptions and console errors
	fetched []string // every URL the page requested
	done    chan struct{}

	session string
}

type cdpMessage struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// startBrowser starts headless Chromium with a page of the given size, or
// skips the test when there is no Chromium.
func startBrowser(t testing.TB, width, height int) *browser {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		// CI installs Chromium (.ci/run): there its absence is a failure,
		// not a reason to skip the only test of what a person sees.
		if os.Getenv("CI") != "" {
			t.Fatal("no Chromium on CI: .ci/run should have installed it")
		}
		t.Skip("no Chromium: install it (Debian: apt-get install -y chromium) or set REHASH_CHROMIUM to run the browser tests")
	}
	profile := t.TempDir()
	cmd := exec.Command(path,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
		"--remote-debugging-pipe", "--user-data-dir="+profile, "about:blank")
	toChrome, ours, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	theirs, fromChrome, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, cmd: cmd, in: ours, pending: map[int]chan cdpMessage{}, done: make(chan struct{})}
	cmd.ExtraFiles = []*os.File{toChrome, fromChrome}
	cmd.Stderr = &lockedWriter{w: &b.stderr, mu: &b.mu}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	toChrome.Close()
	fromChrome.Close()
	go b.read(theirs)
	t.Cleanup(b.close)

	var target struct {
		TargetID string `json:"targetId"`
	}
	b.callBrowser("Target.createTarget", map[string]any{"url": "about:blank"}, &target)
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	b.callBrowser("Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached)
	b.session = attached.SessionID
	b.call("Page.enable", nil, nil)
	b.call("Runtime.enable", nil, nil)
	b.call("Network.enable", nil, nil)
	b.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}, nil)
	return b
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (b *browser) read(r *os.File) {
	defer close(b.done)
	defer r.Close()
	br := bufio.NewReaderSize(r, 1<<20)
	for {
		raw, err := br.ReadBytes(0)
		if err != nil {
			return
		}
		var m cdpMessage
		if json.Unmarshal(raw[:len(raw)-1], &m) != nil {
			continue
		}
		b.mu.Lock()
		if m.ID != 0 {
			if ch, ok := b.pending[m.ID]; ok {
				delete(b.pending, m.ID)
				ch <- m
			}
		} else {
			b.event(m)
		}
		b.mu.Unlock()
	}
}

// event records what the tests check afterwards; b.mu is held.
func (b *browser) event(m cdpMessage) {
	switch m.Method {
	case "Runtime.exceptionThrown":
		var p struct {
			ExceptionDetails struct {
				Text      string `json:"text"`
				Exception struct {
					Description string `json:"description"`
				} `json:"exception"`
			} `json:"exceptionDetails"`
		}
		json.Unmarshal(m.Params, &p)
		b.errs = append(b.errs, "exception: "+p.ExceptionDetails.Text+" "+p.ExceptionDetails.Exception.Description)
	case "Runtime.consoleAPICalled":
		var p struct {
			Type string            `json:"type"`
			Args []json.RawMessage `json:"args"`
		}
		json.Unmarshal(m.Params, &p)
		if p.Type == "error" || p.Type == "warning" {
			b.errs = append(b.errs, "console."+p.Type+": "+fmt.Sprint(rawStrings(p.Args)))
		}
	case "Network.requestWillBeSent":
		var p struct {
			Request struct {
				URL string `json:"url"`
			} `json:"request"`
		}
		json.Unmarshal(m.Params, &p)
		b.fetched = append(b.fetched, p.Request.URL)
	}
}

func rawStrings(rs []json.RawMessage) []string {
	var out []string
	for _, r := range rs {
		out = append(out, string(r))
	}
	return out
}

func (b *browser) send(session, method string, params any, result any) error {
	b.mu.Lock()
	b.next++
	id := b.next
	ch := make(chan cdpMessage, 1)
	b.pending[id] = ch
	b.mu.Unlock()
	msg := map[string]any{"id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	data, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	if _, err := b.in.Write(append(data, 0)); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return fmt.Errorf("%s: %s", method, m.Error.Message)
		}
		if result != nil {
			return json.Unmarshal(m.Result, result)
		}
		return nil
	case <-b.done:
		return fmt.Errorf("%s: chromium exited", method)
	case <-time.After(20 * time.Second):
		return fmt.Errorf("%s: no answer in 20s", method)
	}
}

func (b *browser) callBrowser(method string, params, result any) {
	b.t.Helper()
	if err := b.send("", method, params, result); err != nil {
		b.t.Fatalf("%v\nchromium stderr:\n%s", err, b.stderrText())
	}
}

func (b *browser) call(method string, params, result any) {
	b.t.Helper()
	if err := b.send(b.session, method, params, result); err != nil {
		b.t.Fatalf("%v\nchromium stderr:\n%s", err, b.stderrText())
	}
}

func (b *browser) stderrText() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.stderr.String()
}

func (b *browser) close() {
	_ = b.send("", "Browser.close", nil, nil)
	b.in.Close()
	exited := make(chan struct{})
	go func() { b.cmd.Wait(); close(exited) }()
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		b.cmd.Process.Kill()
		<-exited
	}
}

// navigate loads url and waits until the report has drawn itself.
func (b *browser) navigate(url string) {
	b.t.Helper()
	b.call("Page.navigate", map[string]any{"url": url}, nil)
	b.waitFor(`document.documentElement.getAttribute('data-ready') === 'true'`)
}

// eval evaluates a JavaScript expression in the page and decodes its value
// into out (if not nil).
func (b *browser) eval(expr string, out any) {
	b.t.Helper()
	if err := b.evalErr(expr, out); err != nil {
		b.t.Fatal(err)
	}
}

func (b *browser) evalErr(expr string, out any) error {
	var res struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	if err := b.send(b.session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true}, &res); err != nil {
		return err
	}
	if e := res.ExceptionDetails; e != nil {
		return fmt.Errorf("eval %s: %s %s", expr, e.Text, e.Exception.Description)
	}
	if out != nil {
		if len(res.Result.Value) == 0 {
			return fmt.Errorf("eval %s: no value", expr)
		}
		return json.Unmarshal(res.Result.Value, out)
	}
	return nil
}

// waitFor polls a JavaScript condition until it holds, for up to 5s.
func (b *browser) waitFor(cond string) {
	b.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		var ok bool
		err := b.evalErr("!!("+cond+")", &ok)
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("timed out waiting for %s (last error: %v); page errors: %v", cond, err, b.pageErrors())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// click clicks the first element matching the CSS selector with the
// mouse, as a person would: scrolled into view, at the middle of its first
// line box.
func (b *browser) click(selector string) {
	b.t.Helper()
	sel, _ := json.Marshal(selector)
	var pt []float64
	b.eval(fmt.Sprintf(`(function () {
		var e = document.querySelector(%s);
		if (!e) return null;
		e.scrollIntoView({block: 'center'});
		var r = e.getClientRects()[0] || e.getBoundingClientRect();
		return [r.left + Math.min(r.width / 2, 12), r.top + r.height / 2];
	})()`, sel), &pt)
	if len(pt) != 2 {
		b.t.Fatalf("click: nothing matches %s", selector)
	}
	for _, typ := range []string{"mouseMoved", "mousePressed", "mouseReleased"} {
		b.call("Input.dispatchMouseEvent", map[string]any{"type": typ, "x": pt[0], "y": pt[1], "button": "left", "clickCount": 1}, nil)
	}
}

// key presses one key (a DOM key name such as "Escape" or "j").
func (b *browser) key(key string) {
	b.t.Helper()
	codes := map[string]int{"Escape": 27, "Enter": 13, "j": 74, "k": 75}
	p := map[string]any{"key": key, "windowsVirtualKeyCode": codes[key]}
	if len(key) == 1 {
		p["text"] = key
	}
	for _, typ := range []string{"keyDown", "keyUp"} {
		p["type"] = typ
		b.call("Input.dispatchKeyEvent", p, nil)
	}
}

// typeText types text into the focused element.
func (b *browser) typeText(text string) {
	b.t.Helper()
	b.call("Input.insertText", map[string]any{"text": text}, nil)
}

// screenshot returns a PNG of the viewport.
func (b *browser) screenshot() []byte {
	b.t.Helper()
	var res struct {
		Data string `json:"data"`
	}
	b.call("Page.captureScreenshot", map[string]any{"format": "png"}, &res)
	png, err := base64.StdEncoding.DecodeString(res.Data)
	if err != nil {
		b.t.Fatal(err)
	}
	return png
}

func (b *browser) pageErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.errs...)
}

// remoteFetches returns the URLs the page requested that are not file:,
// data: or about: URLs: a self-contained report has none.
func (b *browser) remoteFetches() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, u := range b.fetched {
		if !strings.HasPrefix(u, "file:") && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "about:") {
			out = append(out, u)
		}
	}
	return out
}
