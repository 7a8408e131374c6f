using EmoTune.Testing;

// One private PostgreSQL and Redis per run, started by the first test that needs them.
[assembly: AssemblyFixture(typeof(SharedServers))]
