fn main() -> std::process::ExitCode {
    acr_health::app::run::main()
}
