// Package e2e holds r2p's browser tests. They start the real application on
// a loopback port with a throwaway SQLite database, as `r2p serve` does,
// drive Chromium through chromedp, and click through the flows a person
// uses. On the way they check that every page fits a 360-pixel-wide phone
// screen without scrolling sideways, and that the browser reports no
// Content-Security-Policy violation.
//
// The tests need Chromium: Debian's chromium (or chromium-browser) on PATH.
// Without it they skip with a loud message, or fail when CI=true;
// scripts/test.sh installs it.
//
// Every page visited is photographed, full length, at 360 and at 1280 pixels
// wide. The pictures go to the test's temporary directory, and also to the
// directory R2P_SCREENSHOTS names, so that a person can look at them:
//
//	R2P_SCREENSHOTS=/tmp/r2p-shots go test ./e2e/
package e2e
