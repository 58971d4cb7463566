//go:build race

package dedup

// raceDetector: the race detector slows lookups tenfold; evaluations then
// run on a smaller set (see TestPlantedDuplicates).
const raceDetector = true
