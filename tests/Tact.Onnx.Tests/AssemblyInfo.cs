// libtorch's random generator is process-wide: the tests seed it, so they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
