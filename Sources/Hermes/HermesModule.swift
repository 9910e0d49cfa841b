/// Hermes, the session API of SPEC section 4, lives here (the Hermes issue fills it).
public enum HermesModule {
    public static let name = "Hermes"
}
