/// The fake Claude and the fake Astro build of SPEC section 5 live here (the session-worker issue fills it).
public enum FakesModule {
    public static let name = "Fakes"
}
