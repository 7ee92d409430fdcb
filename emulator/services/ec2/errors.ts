import { AwsError } from "../../protocols/errors";

// EC2's client errors are HTTP 400, with codes of their own (the EC2 API reference's error-code list).
export const invalidParameterValue = (message: string) => new AwsError("InvalidParameterValue", message, 400);
export const ec2Error = (code: string, message: string, status = 400) => new AwsError(code, message, status);
