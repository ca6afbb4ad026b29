"""Programme numbers: the metric dictionary, `/chorus stats`, `/chorus me`, the weekly status
note and the dashboard's sign-in."""
