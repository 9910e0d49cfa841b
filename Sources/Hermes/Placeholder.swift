enum HermesPlaceholder {}
