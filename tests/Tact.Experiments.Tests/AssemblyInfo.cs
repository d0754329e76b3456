// Several tests seed libtorch's process-wide generator and then build or train a model; run in parallel, one test's
// draws would land in another's and "same seed, same result" would fail at random. This assembly takes seconds, so
// its tests run one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
