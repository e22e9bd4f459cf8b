package dev.mnemos.cli.serve;

/**
 * The JSON body of every refusal, in OpenAI's shape so its clients show the message:
 * {@code {"error": {"message": "...", "type": "not_found", "code": 404}}}.
 */
public record ApiError(Detail error) {

    public record Detail(String message, String type, int code) {}

    public static ApiError of(int status, String type, String message) {
        return new ApiError(new Detail(message, type, status));
    }
}
